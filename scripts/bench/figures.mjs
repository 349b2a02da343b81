// The figure record every bench part returns, and how one is printed and checked.
//   { name, value, unit, goal? }   goal: a comparison such as "<= 1.3" (absent: reported only)

/** A figure; `goal` omitted for figures that are only reported. */
export function figure(name, value, unit, goal) {
  const f = { name, value: round(value), unit };
  if (goal !== undefined) f.goal = goal;
  return f;
}

function round(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return Number(v.toFixed(digits));
}

/** Whether a figure meets its goal ("<= 15", ">= 100", "< 2", "> 1"); undefined when it has none. */
export function meets(f) {
  if (f.goal === undefined) return undefined;
  const m = /^\s*(<=|>=|<|>)\s*(-?[\d.]+)\s*$/.exec(f.goal);
  if (!m) throw new Error(`figure ${f.name}: goal "${f.goal}" is not a comparison`);
  const limit = Number(m[2]);
  switch (m[1]) {
    case '<=': return f.value <= limit;
    case '>=': return f.value >= limit;
    case '<': return f.value < limit;
    default: return f.value > limit;
  }
}

/** One stdout line: `name: value unit  (goal <= 1.3: met)`. */
export function line(f) {
  const ok = meets(f);
  const goal = ok === undefined ? '' : `  (goal ${f.goal}: ${ok ? 'met' : 'MISSED'})`;
  return `${f.name}: ${f.value} ${f.unit}${goal}`;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
