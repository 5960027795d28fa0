import { createHash } from 'node:crypto';
import { fileNamePart } from '../file-name-part.js';
import { inputName } from '../input-source.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The job id of one input of a run: a hash of the run's key and the input, so submitting the same run again
 * gives the same ids, which BullMQ does not add twice.
 */
export function jobIdOf(runKey: string, input: string): string {
  return sha256(`${runKey}\n${input}`).slice(0, 40);
}

/**
 * The file-name stem of one queued input: its readable name and a hash of its path or address
 * (`cat-3f2a9c1b07`). The same input always gets the same stem (a job run again overwrites its own files),
 * and two inputs never share one, whichever worker explains them and whenever they were submitted.
 */
export function queuedStemOf(input: string): string {
  return `${fileNamePart(inputName(input), 60)}-${sha256(input).slice(0, 10)}`;
}
