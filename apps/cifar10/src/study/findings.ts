/**
 * What the maps of the study show, written after looking at them. Findings belong to one set of weights: they are
 * keyed by the model's SHA-256 fingerprint, so a retrained model gets no stale text (the report then says that
 * nobody has written findings for it yet).
 */
const FINDINGS: Record<string, Record<string, string>> = {};

/** The findings written for the model with this fingerprint, by class (empty when there are none). */
export function findingsFor(fingerprint: string): Record<string, string> {
  return FINDINGS[fingerprint] ?? {};
}
