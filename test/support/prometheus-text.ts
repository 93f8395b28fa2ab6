/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** `# TYPE` of each metric family. */
  types: Map<string, string>;
  /** The value of the sample with this name and exactly these labels (0 when absent). */
  value(name: string, labels?: Record<string, string>): number;
}

// Values are Go floats: NaN and Inf in any case (prom-client writes "Nan" for an empty mean).
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)|[Nn][Aa][Nn]|[+-]?[Ii][Nn][Ff])(?: -?[0-9]+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;

/**
 * Parses Prometheus' text format (version 0.0.4) strictly: every line is a comment, a `# HELP`/`# TYPE` line or a
 * sample, and every sample belongs to a family declared by `# TYPE`. Throws on anything else.
 */
export function parsePrometheusText(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const [index, line] of text.split("\n").entries()) {
    if (line === "") continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`line ${index + 1} is not in Prometheus' text format: ${line}`);
    const labels: Record<string, string> = {};
    const body = sample[2] ?? "";
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const label = LABEL.exec(body);
      if (!label) throw new Error(`line ${index + 1}: bad labels: ${body}`);
      labels[label[1]] = label[2].replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    }
    const family = sample[1].replace(/_(bucket|sum|count)$/, "");
    if (!types.has(sample[1]) && !types.has(family)) throw new Error(`line ${index + 1}: ${sample[1]} has no # TYPE`);
    samples.push({ name: sample[1], labels, value: /inf$/i.test(sample[3]) ? (sample[3].startsWith("-") ? -Infinity : Infinity) : Number(sample[3]) });
  }
  return {
    samples,
    types,
    value(name, wanted = {}) {
      const found = samples.find((s) => s.name === name && sameLabels(s.labels, wanted));
      return found?.value ?? 0;
    },
  };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
