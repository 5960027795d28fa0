import { fileNamePart } from './file-name-part.js';
import { methodFileName } from './method-file-name.js';

/**
 * The file name (without `.overlay.png` and the like) of one result: `<stem>.<method>.<class>[-<label>]`, e.g.
 * `both.gradcam-pp.281-tabby`. Distinct stems, methods and classes give distinct names.
 */
export function resultFileName(stem: string, method: string, classIndex: number, label?: string): string {
  return `${stem}.${methodFileName(method)}.${classIndex}${label ? `-${fileNamePart(label.split(',')[0]!)}` : ''}`;
}
