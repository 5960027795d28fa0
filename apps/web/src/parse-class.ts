/**
 * The class the user typed: an index (`243`), or a label (case-insensitive, exact first, then the only label that
 * contains the text). Empty text means the top-1 class.
 *
 * @param text - what the user typed.
 * @param labels - the model's labels, when known.
 * @param classes - the number of classes, when known.
 * @throws `RangeError` with a message for the page when the text names no class.
 */
export function parseClass(
  text: string,
  labels: readonly string[] | undefined,
  classes: number | undefined,
): number | undefined {
  const wanted = text.trim();
  if (wanted === '') return undefined;
  if (/^\d+$/.test(wanted)) {
    const index = Number(wanted);
    if (classes !== undefined && index >= classes) {
      throw new RangeError(`Class ${index} does not exist: this model has classes 0 to ${classes - 1}.`);
    }
    return index;
  }
  const lower = wanted.toLowerCase();
  const names = (labels ?? []).map((label) => label.toLowerCase());
  const exact = names.indexOf(lower);
  if (exact >= 0) return exact;
  const partial = names.flatMap((name, index) => (name.includes(lower) ? [index] : []));
  if (partial.length === 1) return partial[0];
  if (!labels) throw new RangeError(`This model has no class names: type a class index, not "${wanted}".`);
  throw new RangeError(
    partial.length === 0
      ? `No class is called "${wanted}".`
      : `"${wanted}" matches ${partial.length} classes (${partial
          .slice(0, 4)
          .map((index) => labels[index])
          .join(', ')}${partial.length > 4 ? ', ...' : ''}): type more of the name, or the index.`,
  );
}
