import { expect } from "chai";
import { csvCell, csvRow } from "../../../src/core/reports/csv";
import { formatMinutes } from "../../../src/core/reports/report-format";
import { mean, median, percentile, ratio } from "../../../src/core/reports/statistics";

describe("report statistics", () => {
  it("takes the middle value as the median of an odd count, the mean of the two middle ones for an even count", () => {
    expect(median([5, 1, 3])).to.equal(3);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
    expect(median([])).to.equal(null);
  });

  it("takes the nearest rank as the 90th percentile", () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).to.equal(9);
    expect(percentile([10, 20, 30], 90)).to.equal(30);
    expect(percentile([7], 90)).to.equal(7);
    expect(percentile([], 90)).to.equal(null);
  });

  it("takes the mean as the sum over the count, and none of nothing", () => {
    expect(mean([60, 60, 240])).to.equal(120);
    expect(mean([])).to.equal(null);
  });

  it("gives no rate rather than 0 % when there is nothing to count", () => {
    expect(ratio(0, 0)).to.equal(null);
    expect(ratio(1, 4)).to.equal(0.25);
  });

  it("writes working minutes as people say them", () => {
    expect([formatMinutes(0), formatMinutes(45.4), formatMinutes(60), formatMinutes(725), formatMinutes(null)]).to.deep.equal(["0 min", "45 min", "1 h 00", "12 h 05", "—"]);
  });
});

describe("CSV cells", () => {
  it("quotes a field holding a comma, a quote or a line break, and doubles its quotes (RFC 4180)", () => {
    expect(csvCell("a,b")).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell("line 1\nline 2")).to.equal('"line 1\nline 2"');
    expect(csvCell("plain")).to.equal("plain");
  });

  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"].map(csvCell)).to.deep.equal(["'=1+1", "'+33 6", "'-2", "'@SUM(A1)", "'\tx", "\"'\rx\""]);
    expect(csvCell('=HYPERLINK("http://evil")')).to.equal('"\'=HYPERLINK(""http://evil"")"');
  });

  it("keeps numbers as they are and leaves empty cells for missing values", () => {
    expect(csvRow([-3, 0, 1.5, null, undefined, ""])).to.equal("-3,0,1.5,,,\r\n");
  });
});
