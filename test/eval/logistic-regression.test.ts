import { expect } from "chai";
import { fitLogistic, predictLogistic } from "./logistic-regression";

describe("fitLogistic (npm run train:kb)", () => {
  // y = 1 when x₀ + x₁ > 1; x₂ is noise.
  const rows = Array.from({ length: 200 }, (_, i) => [((i * 37) % 100) / 100, ((i * 61) % 100) / 100, ((i * 13) % 7) / 7]);
  const labels = rows.map(([a, b]) => (a + b > 1 ? 1 : 0));

  it("learns a boundary that classifies the examples it was given", () => {
    const model = fitLogistic(rows, labels, 0.1);
    const right = rows.filter((row, i) => (predictLogistic(model, row) >= 0.5 ? 1 : 0) === labels[i]).length;
    expect(right / rows.length).to.be.above(0.95);
  });

  it("shrinks the weights as the penalty grows, and leaves a feature of noise near zero", () => {
    const loose = fitLogistic(rows, labels, 0.1);
    const tight = fitLogistic(rows, labels, 100);
    expect(Math.abs(tight.weights[0])).to.be.below(Math.abs(loose.weights[0]));
    expect(Math.abs(loose.weights[2])).to.be.below(Math.abs(loose.weights[0]) / 5);
  });
});
