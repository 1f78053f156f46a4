// Opens an HTML report in headless Chromium and checks it as a reader would
// see it: no console errors or dialogs, the charts drew, tables sort, and a
// provenance link shows its sentence.  Prints one JSON object.
//   node tests/dashboard.mjs REPORT.html SCREENSHOT.png
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [file, shot] = process.argv.slice(2);
const exe = process.env.CHROMIUM || "/usr/bin/chromium";
const profile = mkdtempSync(join(tmpdir(), "assay-chromium-"));
const out = { errors: [], dialogs: [], requests: [] };
let ctx;
try {
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: exe, headless: true, viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on("console", (m) => { if (m.type() === "error") out.errors.push(m.text()); });
  page.on("pageerror", (e) => out.errors.push(String(e)));
  page.on("dialog", (d) => { out.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on("request", (r) => { if (!r.url().startsWith("file:")) out.requests.push(r.url()); });
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
  await page.waitForSelector("body[data-charts]", { timeout: 15000 });
  out.charts = await page.getAttribute("body", "data-charts");
  // every chart canvas: how many pixels are neither blank nor white, and
  // how many colours they use
  out.canvases = await page.evaluate(() => Array.from(document.querySelectorAll(".chart canvas")).map((c) => {
    const g = c.getContext("2d"), d = g.getImageData(0, 0, c.width, c.height).data;
    let ink = 0; const colours = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) {
      if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) {
        ink++; colours.add((d[i] >> 4) + "," + (d[i + 1] >> 4) + "," + (d[i + 2] >> 4));
      }
    }
    return { width: c.width, height: c.height, ink, colours: colours.size };
  }));
  // every series of every chart: its points with a value, and how many
  // pixels of its colour the plot area (below the legend) holds
  out.series = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById("assay-data").textContent);
    return data.charts.map((c, i) => {
      const node = document.getElementById("chart-" + i), canvas = node && node.querySelector("canvas");
      if (!canvas) return { title: c.option.title.text, missing: true, series: [] };
      const g = canvas.getContext("2d"), d = g.getImageData(0, 0, canvas.width, canvas.height).data;
      const top = Math.round(64 * canvas.height / node.clientHeight);
      const colours = c.option.color;
      return { title: c.option.title.text, series: c.option.series.map((s, k) => {
        const hex = colours[k % colours.length];
        const want = [1, 3, 5].map((j) => parseInt(hex.slice(j, j + 2), 16));
        let pixels = 0;
        for (let y = top; y < canvas.height; y++) {
          for (let x = 0; x < canvas.width; x++) {
            const o = (y * canvas.width + x) * 4;
            if (Math.abs(d[o] - want[0]) <= 6 && Math.abs(d[o + 1] - want[1]) <= 6 && Math.abs(d[o + 2] - want[2]) <= 6) pixels++;
          }
        }
        const points = s.data.filter((v) => v !== null && v !== 0 && (typeof v !== "object" || v.value)).length;
        return { name: s.name, points, pixels };
      }) };
    });
  });
  out.injected = await page.evaluate(() => ({
    img: document.querySelectorAll("img").length,
    scripts: document.querySelectorAll("script").length,
    bold: document.querySelectorAll("main b").length,
  }));
  // sorting: click the header of the last column of the first table twice
  out.sort = await page.evaluate(() => {
    const t = document.querySelector("table.sortable"), th = t.tHead.rows[0].cells;
    const h = th[th.length - 1], col = th.length - 1;
    const vals = () => Array.from(t.tBodies[0].rows).map((r) => Number(r.cells[col].getAttribute("data-v") || r.cells[col].textContent));
    h.click(); const asc = vals(); h.click(); const desc = vals();
    return { asc, desc };
  });
  // provenance: click each link; the panel must show the sentence with the span marked
  const links = [];
  for (const a of await page.$$("a.prov")) if (await a.isVisible()) links.push(a);
  out.links = links.length;
  out.shown = 0;
  for (const a of links.slice(0, 25)) {
    await page.keyboard.press("Escape");          // the panel may cover the link
    await a.scrollIntoViewIfNeeded();
    await a.click({ timeout: 5000 });
    const p = await page.evaluate(() => {
      const panel = document.getElementById("prov"), m = panel.querySelector("mark"), q = panel.querySelector("blockquote");
      return { visible: !panel.hidden && panel.offsetHeight > 0, mark: m ? m.textContent : "", sentence: q ? q.textContent : "" };
    });
    if (p.visible && p.mark && p.sentence.includes(p.mark)) out.shown++;
    if (!out.first) out.first = p;
  }
  // leave the first link's panel open for the screenshot
  await page.evaluate(() => window.scrollTo(0, 0));
  out.hostile = await page.evaluate(() => {
    const ids = Object.keys(JSON.parse(document.getElementById("assay-data").textContent).facts);
    let n = 0;
    for (const id of ids) { window.assayShow([id]); n++; }
    return { facts: n, panelText: document.getElementById("prov-body").textContent.slice(0, 200) };
  });
  if (links.length) { await page.keyboard.press("Escape"); await links[0].click({ timeout: 5000 }); }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await page.screenshot({ path: shot, fullPage: false });
  out.ok = true;
} catch (e) {
  out.ok = false;
  out.fatal = String(e && e.stack || e);
} finally {
  if (ctx) await ctx.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
