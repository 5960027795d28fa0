import type { ExplainResult } from './protocol.js';

/**
 * Lists the predictions as buttons (name, probability and a bar), the explained class marked; clicking one calls
 * `onPick` with its class.
 */
export function renderPredictions(
  list: HTMLOListElement,
  result: ExplainResult,
  onPick: (classIndex: number) => void,
): void {
  list.replaceChildren(
    ...result.predictions.map((prediction) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      const name = prediction.label ?? `class ${prediction.classIndex}`;
      button.textContent = `${name}: ${(100 * prediction.probability).toFixed(1)}%`;
      button.title = `Explain ${name} (class ${prediction.classIndex}, score ${prediction.score.toFixed(3)})`;
      button.setAttribute('aria-label', `Explain ${name}`);
      button.classList.toggle('explained', prediction.classIndex === result.classIndex);
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${Math.max(1, 100 * prediction.probability)}%`;
      button.append(bar);
      button.addEventListener('click', () => onPick(prediction.classIndex));
      item.append(button);
      return item;
    }),
  );
}

/** Writes `[name, milliseconds]` rows into a description list (seconds from 1 s on). */
export function renderTimings(list: HTMLDListElement, rows: readonly (readonly [string, number])[]): void {
  list.replaceChildren(
    ...rows.flatMap(([name, ms]) => {
      const term = document.createElement('dt');
      term.textContent = name;
      const value = document.createElement('dd');
      value.textContent = ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
      return [term, value];
    }),
  );
}
