/** The canonical CIFAR-10 class order (as in `labels.txt`). */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

/**
 * Orders class folder names: the order of `labels` (e.g. from `labels.txt`) for names it lists, then
 * the remaining names alphabetically.
 */
export function orderClasses(folders: string[], labels: string[] | undefined): string[] {
  const rest = [...folders].sort();
  if (labels == null) return rest;
  const listed = labels.filter((l) => folders.includes(l));
  return [...listed, ...rest.filter((f) => !listed.includes(f))];
}
