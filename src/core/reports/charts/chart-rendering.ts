import { Resvg } from "@resvg/resvg-js";
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent } from "echarts/components";
import { init, use, type EChartsCoreOption } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import path from "node:path";
import { PACKAGE_ROOT } from "../../../config/env";
import type { Lang } from "../../knowledge/article";
import type { DeskReport } from "../desk-report";
import { indexedPng } from "./indexed-png";
import { CHART_FONT, CHART_HEIGHT, CHART_WIDTH, chartsAltText, commitmentsChart, reportCharts } from "./report-charts";

// Only what the charts use: bar charts, their grid, title and legend, drawn as SVG on the server (no browser, no canvas).
use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** The fonts the PNG is drawn with, and nothing else: no system font is read, so text renders on any machine. */
export const CHART_FONT_FILES = ["DejaVuSans-subset.ttf", "DejaVuSans-Bold-subset.ttf"].map((file) =>
  path.join(PACKAGE_ROOT, "src", "core", "reports", "charts", "fonts", file),
);

/** One chart as an SVG document, by ECharts' server-side renderer. */
export function chartSvg(option: EChartsCoreOption, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const chart = init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Charts of one size stacked into one SVG document, each in its own nested viewport. */
export function stackSvgs(svgs: readonly string[], width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const inner = svgs.map((svg, i) => svg.replace(/^<svg /, `<svg x="0" y="${i * height}" `)).join("\n");
  const total = height * svgs.length;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}"><rect width="100%" height="100%" fill="#FFFFFF"/>${inner}</svg>`;
}

/**
 * An SVG document as PNG, drawn with the shipped fonts only, `zoom` times its size (for sharp text on dense screens);
 * a palette PNG when the picture has few colours, as charts do.
 */
export function svgToPng(svg: string, zoom = 1): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: CHART_FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    fitTo: { mode: "zoom", value: zoom },
    background: "#FFFFFF",
  });
  const image = resvg.render();
  return indexedPng(image.pixels, image.width, image.height) ?? image.asPng();
}

/** The digest's picture: the report's three charts in one PNG, with the sentence that describes them. */
export interface ReportPicture {
  png: Buffer;
  width: number;
  height: number;
  altText: string;
}

export function reportPicture(report: DeskReport, lang: Lang, zoom = 1): ReportPicture {
  const svgs = reportCharts(report, lang).map((chart) => chartSvg(chart.option));
  return {
    png: svgToPng(stackSvgs(svgs), zoom),
    width: Math.round(CHART_WIDTH * zoom),
    height: Math.round(CHART_HEIGHT * svgs.length * zoom),
    altText: chartsAltText(report, lang),
  };
}

/**
 * The commitments chart alone, small: what a Teams card can carry inline (a data: URI) and stay under Teams' 28 KB
 * message limit when guichet has no public address to serve the whole picture from.
 */
export function reportPreview(report: DeskReport, lang: Lang): Buffer {
  return svgToPng(chartSvg(commitmentsChart(report, lang), PREVIEW_WIDTH, PREVIEW_HEIGHT));
}

const PREVIEW_WIDTH = 480;
const PREVIEW_HEIGHT = 220;
