/**
 * Class labels from a text file: one per line, index = line; lines of the form `index,name[, synonym...]` (the
 * ImageNet file of the ONNX models) give the first name. Blank lines are skipped.
 */
export function parseLabels(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const indexed = /^\d+,(.*)$/.exec(line);
      return indexed ? indexed[1]!.split(',')[0]!.trim() : line;
    });
}
