import { z } from "zod";
import modelFile from "./data/silence-model.json";
import { SILENCE_FEATURES, type SilenceFeatures } from "./silence-features";

const modelSchema = z.object({
  features: z.array(z.string()),
  mean: z.array(z.number()),
  scale: z.array(z.number().positive()),
  weights: z.array(z.number()),
  bias: z.number(),
  threshold: z.number().min(0).max(1),
});

export type SilenceModelData = z.infer<typeof modelSchema>;

/**
 * The stay-silent decision: a logistic regression over the features of the best match
 * (`silence-features.ts`) giving the probability that the articles shown would be right. Its
 * weights and threshold are data (`data/silence-model.json`), written by `npm run train:kb` from
 * the development set and the public out-of-scope questions.
 */
export class SilenceModel {
  private constructor(private readonly data: SilenceModelData) {}

  /** Checks the model's data: every feature known, in order, every array of the same length. */
  static from(data: unknown): SilenceModel {
    const model = modelSchema.parse(data);
    const n = SILENCE_FEATURES.length;
    if (model.features.join(",") !== SILENCE_FEATURES.join(",") || [model.mean, model.scale, model.weights].some((a) => a.length !== n)) {
      throw new Error(`silence model: its features (${model.features.join(", ")}) are not the search's (${SILENCE_FEATURES.join(", ")}): run npm run train:kb`);
    }
    return new SilenceModel(model);
  }

  /** The probability that a suggestion with these features is right. */
  probability(features: SilenceFeatures): number {
    const { mean, scale, weights, bias } = this.data;
    let z = bias;
    SILENCE_FEATURES.forEach((name, i) => {
      z += (weights[i] * (features[name] - mean[i])) / scale[i];
    });
    return 1 / (1 + Math.exp(-z));
  }

  /** Below this probability the search suggests nothing. */
  get threshold(): number {
    return this.data.threshold;
  }
}

/** The model shipped with guichet. */
export const SILENCE_MODEL = SilenceModel.from(modelFile);
