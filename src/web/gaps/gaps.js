// The content team's page. Every piece of ticket-derived text goes into the DOM with textContent:
// it is untrusted, and this file never builds markup from strings.

const KEY_STORAGE = "helpdesk-copilot.apiKey";
const $ = (id) => document.getElementById(id);
const state = { report: undefined, keyNeeded: false };

function headers(json) {
  const out = json ? { "content-type": "application/json" } : {};
  const key = localStorage.getItem(KEY_STORAGE);
  if (key) out.authorization = `Bearer ${key}`;
  return out;
}

async function api(method, path, body) {
  const response = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 || response.status === 403) {
    $("key-form").hidden = false;
    throw new Error(response.status === 401 ? "An API key with the content role is needed." : "This key lacks the content role.");
  }
  const data = response.headers.get("content-type")?.includes("json") ? await response.json() : undefined;
  if (!response.ok) {
    const error = new Error(data?.error?.message ?? `Request failed (${response.status})`);
    error.status = response.status;
    throw error;
  }
  return data;
}

const say = (message) => ($("status").textContent = message);
const text = (tag, value, className) => {
  const el = document.createElement(tag);
  el.textContent = value;
  if (className) el.className = className;
  return el;
};
const percent = (x) => `${Math.round(x * 100)}%`;
const growthText = (g) => `${g >= 0 ? "+" : ""}${percent(g)} vs previous period`;

async function loadReport() {
  try {
    state.report = await api("GET", "/v1/gaps");
    say("");
  } catch (error) {
    state.report = undefined;
    say(error.status === 404 ? "No report yet: run an analysis." : error.message);
  }
  renderFigures();
  renderBrands();
  renderGaps();
  await loadStats();
}

async function loadStats() {
  // /v1/stats may not exist on this version of the service: the figure then stays a dash.
  try {
    const stats = await api("GET", "/v1/stats");
    const asked = stats?.volumes?.questions ?? 0;
    $("fig-deflection").textContent = typeof stats?.deflectionRate === "number" && asked > 0 ? `${percent(stats.deflectionRate)} of ${asked} questions` : "–";
  } catch {
    $("fig-deflection").textContent = "–";
  }
}

function renderFigures() {
  const r = state.report;
  $("fig-tickets").textContent = r ? String(r.ticketsAnalyzed) : "–";
  $("fig-topics").textContent = r ? String(r.topicsFound) : "–";
  $("fig-coverage").textContent = r && r.topicsFound ? percent(r.coveredTopics / r.topicsFound) : "–";
  $("fig-open").textContent = r ? String(r.gaps.filter((g) => g.status === "open").length) : "–";
  $("report-meta").textContent = r ? `Report ${r.runId}: ${r.since.slice(0, 10)} to ${r.until.slice(0, 10)}, generated ${new Date(r.generatedAt).toLocaleString()}.` : "";
}

function renderBrands() {
  const select = $("filter-brand");
  const current = select.value;
  const brands = [...new Set((state.report?.gaps ?? []).map((g) => g.brand).filter(Boolean))].sort();
  select.replaceChildren(text("option", "All brands"));
  select.firstChild.value = "";
  for (const brand of brands) {
    const option = text("option", brand);
    option.value = brand;
    select.append(option);
  }
  select.value = brands.includes(current) ? current : "";
}

function visibleGaps() {
  const status = $("filter-status").value;
  const brand = $("filter-brand").value;
  const sort = $("sort").value;
  return (state.report?.gaps ?? [])
    .filter((g) => status === "all" || (status === "active" ? g.status === "open" || g.status === "accepted" : g.status === status))
    .filter((g) => !brand || g.brand === brand)
    .sort((a, b) => (sort === "growth" ? b.growth - a.growth || b.ticketCount - a.ticketCount : b.ticketCount - a.ticketCount || b.growth - a.growth));
}

function renderGaps() {
  const main = $("gaps");
  const gaps = visibleGaps();
  if (gaps.length === 0) {
    main.replaceChildren(text("p", state.report ? "No gaps match these filters." : "", "empty"));
    return;
  }
  main.replaceChildren(...gaps.map(renderGap));
}

function renderGap(gap) {
  const card = $("gap-template").content.firstElementChild.cloneNode(true);
  card.dataset.gapId = gap.id;
  card.setAttribute("aria-labelledby", `label-${gap.id}`);
  const label = card.querySelector(".label");
  label.id = `label-${gap.id}`;
  label.textContent = gap.label;
  const badge = card.querySelector(".status-badge");
  badge.textContent = gap.status;
  badge.classList.add(gap.status);
  const brand = gap.brand ? ` · brand ${gap.brand}` : "";
  card.querySelector(".numbers").textContent = `${gap.ticketCount} tickets · ${growthText(gap.growth)}${brand} · coverage ${percent(gap.coverage.score)}`;
  card.querySelector(".trend").append(trendChart(gap.trend));
  card.querySelector(".trend-text").textContent = `Weekly tickets: ${gap.trend.map((w) => w.count).join(", ")}`;
  card.querySelector(".keywords").append(...gap.keywords.map((k) => text("li", k)));
  card.querySelector(".questions").append(...gap.sampleQuestions.map((q) => text("li", q)));
  card.querySelector(".nearest").textContent = gap.nearestArticle
    ? `Nearest article: ${gap.nearestArticle.title} (similarity ${gap.nearestArticle.score.toFixed(2)})`
    : "No related article.";
  if (gap.draft) {
    card.querySelector(".draft-title").textContent = gap.draft.title;
    card.querySelector(".outline").append(...gap.draft.outline.map((point) => text("li", point)));
  } else {
    card.querySelector(".draft-box").remove();
  }
  for (const button of card.querySelectorAll(".actions button")) {
    button.setAttribute("aria-pressed", String(button.dataset.status === gap.status));
    button.addEventListener("click", () => review(gap, button.dataset.status, button));
  }
  return card;
}

const SVG = "http://www.w3.org/2000/svg";
function trendChart(trend) {
  const width = 160;
  const height = 36;
  const max = Math.max(1, ...trend.map((w) => w.count));
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const barWidth = width / Math.max(1, trend.length);
  trend.forEach((week, i) => {
    const h = Math.max(1, (week.count / max) * (height - 2));
    const bar = document.createElementNS(SVG, "rect");
    bar.setAttribute("x", String(i * barWidth + 2));
    bar.setAttribute("y", String(height - h));
    bar.setAttribute("width", String(Math.max(2, barWidth - 4)));
    bar.setAttribute("height", String(h));
    bar.setAttribute("fill", "#0b5cad");
    svg.append(bar);
  });
  return svg;
}

async function review(gap, status, button) {
  button.disabled = true;
  try {
    const updated = await api("PATCH", `/v1/gaps/${encodeURIComponent(gap.id)}`, { status });
    Object.assign(gap, { status: updated.status });
    say(`“${gap.label}” is now ${updated.status}.`);
    renderFigures();
    renderGaps();
  } catch (error) {
    say(error.message);
  } finally {
    button.disabled = false;
  }
}

async function runAnalysis() {
  const button = $("run");
  const bar = $("run-progress");
  button.disabled = true;
  bar.hidden = false;
  bar.value = 0;
  try {
    const days = Number($("period").value);
    const since = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
    const { jobId } = await api("POST", "/v1/gaps/runs", { since });
    say("Analysis running…");
    for (;;) {
      const job = await api("GET", `/v1/jobs/${encodeURIComponent(jobId)}`);
      if (job.progress.total > 0) bar.value = Math.round((100 * job.progress.done) / job.progress.total);
      if (job.state === "failed") throw new Error(`The analysis failed: ${job.error ?? "unknown error"}`);
      if (job.state === "completed") break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await loadReport();
    say("Analysis finished.");
  } catch (error) {
    say(error.message);
  } finally {
    button.disabled = false;
    bar.hidden = true;
  }
}

async function download(format) {
  try {
    const response = await fetch(`/v1/gaps/export?format=${format}`, { headers: headers(false) });
    if (!response.ok) throw new Error(response.status === 404 ? "No report to export yet." : `Export failed (${response.status}).`);
    const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `knowledge-gaps.${format}`;
    const url = window.URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: response.headers.get("content-type") ?? "" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => window.URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    say(error.message);
  }
}

function start() {
  $("api-key").value = localStorage.getItem(KEY_STORAGE) ?? "";
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    localStorage.setItem(KEY_STORAGE, $("api-key").value.trim());
    void loadReport();
  });
  for (const id of ["filter-status", "filter-brand", "sort"]) $(id).addEventListener("change", renderGaps);
  $("run").addEventListener("click", () => void runAnalysis());
  for (const button of document.querySelectorAll(".exports button")) button.addEventListener("click", () => void download(button.dataset.format));
  void loadReport();
}

start();
