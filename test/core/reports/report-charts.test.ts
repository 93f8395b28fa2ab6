import { expect } from "chai";
import { Resvg } from "@resvg/resvg-js";
import { inflateSync } from "node:zlib";
import { CHART_FONT_FILES, chartSvg, reportPicture, svgToPng } from "../../../src/core/reports/charts/chart-rendering";
import { indexedPng } from "../../../src/core/reports/charts/indexed-png";
import { backlogChart, commitmentsChart, dailyChart, PALETTE } from "../../../src/core/reports/charts/report-charts";
import { buildDeskReport, type DeskReport } from "../../../src/core/reports/desk-report";
import { TEST_DATABASES } from "../../support/test-store";
import { deskConfig, office } from "../sla/sla-fixtures";
import { REPORT_TIME, seedReportWeek, WEEK } from "./report-fixtures";

/** The bars ECharts drew: series, data index, colour, and the lengths of the path's horizontal and vertical sides. */
function bars(svg: string): Array<{ series: number; index: number; fill: string; width: number; height: number }> {
  return [...svg.matchAll(/<path d="([^"]*)" fill="([^"]*)" ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)" ecmeta_ssr_type="chart"/g)].map((m) => {
    // A bar is "M x y l w 0 l 0 h l -w 0 Z".
    const [first, second] = [...m[1].matchAll(/l(-?[\d.]+) (-?[\d.]+)/g)];
    return { series: Number(m[3]), index: Number(m[4]), fill: m[2], width: Math.abs(Number(first[1])), height: Math.abs(Number(second[2])) };
  });
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
}

/** Pixels of a palette PNG written by `indexedPng` (filter 0 on every line), as [r, g, b] per pixel, row by row. */
function pixelsOf(png: Buffer): { width: number; height: number; at: (x: number, y: number) => [number, number, number] } {
  let offset = 8;
  let palette: Buffer = Buffer.alloc(0);
  const data: Buffer[] = [];
  let [width, height] = [0, 0];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("ascii", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
    if (type === "PLTE") palette = body;
    if (type === "IDAT") data.push(body);
    offset += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(data));
  return {
    width,
    height,
    at: (x, y) => {
      const index = rows[y * (width + 1) + 1 + x];
      return [palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2]];
    },
  };
}

describe("report charts", () => {
  let report: DeskReport;
  before(async () => {
    const store = await TEST_DATABASES[0].open();
    await seedReportWeek(store);
    report = await buildDeskReport(store.manager, deskConfig, office, WEEK, REPORT_TIME);
    await store.close();
  });

  it("count the tickets opened and resolved each day of the week, and those still open by age", () => {
    expect(report.daily.map((d) => [d.date.slice(8), d.opened, d.resolved])).to.deep.equal([
      ["16", 2, 1], ["17", 1, 1], ["18", 1, 1], ["19", 1, 0], ["20", 0, 0], ["21", 0, 0], ["22", 0, 0],
    ]);
    // At the end of the week only #4 is open, opened Wednesday 10:00: 4 days 14 hours, tagged blocking.
    expect(report.backlog).to.deep.include({ open: 1, blocking: 1 });
    expect(report.backlog.oldestDays).to.be.closeTo(4.583, 0.001);
    expect(report.backlog.buckets.map((b) => [b.id, b.open, b.blocking])).to.deep.equal([
      ["under_1d", 0, 0], ["1d_3d", 0, 0], ["3d_7d", 1, 1], ["7d_30d", 0, 0], ["over_30d", 0, 0],
    ]);
  });

  it("draw the opened and resolved tickets per day as bars of the two colours, with the days and the values as text", () => {
    const svg = chartSvg(dailyChart(report, "fr"));
    const drawn = bars(svg);
    const opened = drawn.filter((b) => b.series === 0 && b.height > 0);
    const resolved = drawn.filter((b) => b.series === 1 && b.height > 0);
    expect(opened.map((b) => b.index)).to.deep.equal([0, 1, 2, 3]);
    expect(resolved.map((b) => b.index)).to.deep.equal([0, 1, 2]);
    expect(new Set(opened.map((b) => b.fill))).to.deep.equal(new Set([PALETTE.blue]));
    expect(new Set(resolved.map((b) => b.fill))).to.deep.equal(new Set([PALETTE.orange]));
    // Two tickets on Monday make a bar twice as high as one.
    expect(opened[0].height).to.be.closeTo(opened[1].height * 2, 0.5);
    const words = texts(svg);
    expect(words).to.include.members(["Tickets ouverts et résolus par jour", "lun. 16", "dim. 22", "tickets", "ouverts", "résolus", "2"]);
  });

  it("draw each commitment's met and missed shares, with its rate and counts as text", () => {
    const svg = chartSvg(commitmentsChart(report, "fr"));
    const words = texts(svg);
    expect(words).to.include.members(["Engagements tenus (part des tickets mesurés)", "prise en charge", "75 % (3/4)", "50 % (2/4)", "66,7 % (2/3)", "tenus", "manqués", "%"]);
    const drawn = bars(svg).filter((b) => b.width > 0);
    const width = (series: number, index: number) => drawn.find((b) => b.series === series && b.index === index)?.width ?? 0;
    // Rows bottom-up: resolution, first answer, take in charge, acknowledgement. Take in charge: 75 % met, 25 % missed.
    expect(width(0, 2) / (width(0, 2) + width(1, 2))).to.be.closeTo(0.75, 0.01);
    expect(new Set(drawn.map((b) => b.fill))).to.deep.equal(new Set([PALETTE.green, PALETTE.vermillion]));
  });

  it("draw the backlog by age, the blocking tickets apart, dated", () => {
    const svg = chartSvg(backlogChart(report, "en"));
    expect(texts(svg)).to.include.members(["Tickets still open on 23 November 2026, by age", "< 1 d", "3 to 7 d", "30 d or more", "blocking", "others", "1"]);
    const drawn = bars(svg).filter((b) => b.height > 0);
    expect(drawn.map((b) => [b.series, b.index, b.fill])).to.deep.equal([[0, 2, PALETTE.vermillion]]);
  });

  it("make one PNG of the three charts, with every text drawn in the shipped font (no system font is read)", () => {
    const picture = reportPicture(report, "fr");
    expect(picture.png.subarray(0, 8).toString("hex")).to.equal("89504e470d0a1a0a");
    const image = pixelsOf(picture.png);
    expect([image.width, image.height, picture.width, picture.height]).to.deep.equal([760, 900, 760, 900]);
    // The first chart's title is dark text from x = 12 on the first line: some of its pixels are dark.
    let dark = 0;
    for (let y = 10; y < 30; y++) for (let x = 12; x < 300; x++) if (image.at(x, y).every((c) => c < 100)) dark++;
    expect(dark, "dark pixels of the title").to.be.greaterThan(300);
    expect(picture.altText).to.match(/^Tickets ouverts et résolus par jour : 5 ouverts, 3 résolus sur 7 jours\. /);
  });

  it("draw text only with the fonts guichet ships, so that a machine with no font still shows labels", () => {
    const text = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="28" style="font-size:24px;font-family:No Such Font">Délai</text></svg>';
    const withFonts = pixelsOf(svgToPng(text));
    let dark = 0;
    for (let y = 0; y < 40; y++) for (let x = 0; x < 200; x++) if (withFonts.at(x, y)[0] < 128) dark++;
    expect(dark).to.be.greaterThan(100);
    // Without them (and no system font) nothing would be drawn: the same text is blank.
    const bare = new Resvg(text, { font: { loadSystemFonts: false, fontFiles: [] }, background: "#FFFFFF" }).render();
    expect([...bare.pixels].every((v) => v === 255)).to.equal(true);
    expect(CHART_FONT_FILES).to.have.length(2);
  });
});

describe("palette PNG", () => {
  it("stores a picture of few colours as a palette and its indices, exactly", () => {
    const rgba = new Uint8Array([255, 255, 255, 255, 0, 114, 178, 255, 0, 114, 178, 255, 213, 94, 0, 255, 255, 255, 255, 255, 0, 114, 178, 255]);
    const png = indexedPng(rgba, 3, 2) as Buffer;
    const image = pixelsOf(png);
    expect([image.at(0, 0), image.at(1, 0), image.at(0, 1), image.at(2, 1)]).to.deep.equal([[255, 255, 255], [0, 114, 178], [213, 94, 0], [0, 114, 178]]);
  });

  it("gives up beyond 256 colours", () => {
    const rgba = new Uint8Array(300 * 4);
    for (let i = 0; i < 300; i++) rgba.set([i % 256, Math.floor(i / 256), 0, 255], i * 4);
    expect(indexedPng(rgba, 300, 1)).to.equal(null);
  });
});
