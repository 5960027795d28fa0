/**
 * Converts a protobuf integer field (a `number`, a `Long` from protobufjs, or a `bigint`) to a `number`.
 * `null` and `undefined` give `0`, the protobuf default.
 *
 * @param value - the decoded field.
 */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'object' && value !== null && 'toNumber' in value) {
    return (value as { toNumber(): number }).toNumber();
  }
  return 0;
}
