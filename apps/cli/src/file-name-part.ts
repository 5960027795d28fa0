/**
 * Text made safe as part of a file name on every common file system: runs of anything but ASCII letters,
 * digits, `_` and `-` become one `_` (dots too, so the dots of an output name only separate its parts), edges
 * trimmed, at most `maxLength` characters; `'x'` when nothing is left.
 */
export function fileNamePart(text: string, maxLength = 60): string {
  return (
    text
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, maxLength) || 'x'
  );
}
