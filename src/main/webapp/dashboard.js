// Offload's dashboard: plain browser JavaScript against the public API, no build step.
// Figures come from /api/stats every 2 s; task rows change live from /api/events (SSE).
"use strict";

const STATUSES = ["QUEUED", "SCHEDULED", "PROCESSING", "RETRYING", "COMPLETED", "FAILED",
  "CANCELLED", "DISCARDED"];
const STATS_EVERY_MS = 2000;
const WINDOW_MS = 5 * 60 * 1000;
const MAX_ROWS = 25;

const $ = (selector) => document.querySelector(selector);
const tasks = new Map(); // id -> latest view of the task, as far as the dashboard knows
let detailId = null;
let detailRevision = -1;
let account = { name: "", role: "viewer" }; // until whoAmI() knows, nothing that changes anything

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("data-")) node.setAttribute(name, value);
    else node[name] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

const badge = (status) => el("span", { class: `badge ${status}`, "data-status": status }, status);
const shortId = (id) => id.slice(0, 8);
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "–");

async function api(path, options = {}) {
  const response = await fetch(`api/${path}`, {
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    ...options,
  });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error((body && body.detail) || `${response.status} ${response.statusText}`);
  }
  return body;
}

// --- counters, queue figures and the chart ------------------------------------------------

const counters = $("#counters");
for (const status of STATUSES) {
  counters.append(el("div", { class: `counter ${status}`, id: `count-${status}` },
    el("span", { class: "n" }, "0"), el("span", { class: "label" }, status.toLowerCase())));
}

const samples = []; // { at, depth, completed }
const chart = new Chart($("#chart"), {
  type: "line",
  data: {
    labels: [],
    datasets: [
      { label: "queue depth", data: [], borderColor: "#1c7ed6", backgroundColor: "#1c7ed6",
        yAxisID: "depth", pointRadius: 0, tension: 0.25 },
      { label: "completed / s", data: [], borderColor: "#2f9e44", backgroundColor: "#2f9e44",
        yAxisID: "rate", pointRadius: 0, tension: 0.25 },
    ],
  },
  options: {
    animation: false,
    maintainAspectRatio: false,
    interaction: { mode: "index", intersect: false },
    scales: {
      x: { ticks: { maxTicksLimit: 6 } },
      depth: { position: "left", beginAtZero: true, title: { display: true, text: "depth" } },
      rate: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
        title: { display: true, text: "tasks/s" } },
    },
  },
});

async function refreshStats() {
  // Timed from the request's start: a slow answer from a busy server must not squeeze the
  // interval between two samples and inflate the rate.
  const now = Date.now();
  let stats;
  try {
    stats = await api("stats");
  } catch (e) {
    return;
  }
  for (const status of STATUSES) {
    $(`#count-${status} .n`).textContent = (stats.tasks[status] ?? 0).toLocaleString();
  }
  $("#queue-depth").textContent = stats.queue ? stats.queue.depth.toLocaleString() : "?";
  $("#queue-consumers").textContent = stats.queue ? stats.queue.consumers : "?";
  $("#dlq-depth").textContent = stats.deadLetter ? stats.deadLetter.depth.toLocaleString() : "?";
  $("#live-broker").textContent = stats.broker ? stats.broker.name : "none";

  const completed = stats.tasks.COMPLETED ?? 0;
  const previous = samples[samples.length - 1];
  const seconds = previous ? Math.max(1, (now - previous.at) / 1000) : 1;
  const rate = previous ? Math.max(0, (completed - previous.completed) / seconds) : 0;
  samples.push({ at: now, depth: stats.queue ? stats.queue.depth : null, completed, rate });
  while (samples.length && samples[0].at < now - WINDOW_MS) samples.shift();
  $("#throughput").textContent = rate.toFixed(1);
  chart.data.labels = samples.map((s) => new Date(s.at).toLocaleTimeString());
  chart.data.datasets[0].data = samples.map((s) => s.depth);
  chart.data.datasets[1].data = samples.map((s) => s.rate);
  chart.update();
}

// --- recent tasks --------------------------------------------------------------------------

const CANCELLABLE = ["QUEUED", "SCHEDULED", "PROCESSING", "RETRYING"];

// The running attempt's latest report, as a bar under its status.
function progressBar(task) {
  const p = task.progress;
  if (task.status !== "PROCESSING" || !p || p.attempt !== task.attempts) return [];
  const bar = el("progress", { class: "progress", max: "100", title: p.message || "" });
  bar.value = p.percent;
  return [el("div", {}, bar, el("span", { class: "percent" }, ` ${p.percent} %`))];
}

function row(task) {
  const cancel = account.role === "viewer" || !CANCELLABLE.includes(task.status) ? [] : [
    el("button", { class: "small secondary cancel", onclick: (event) => {
      event.stopPropagation(); // not the row's click: no detail
      act(`tasks/${task.id}/cancel`, "POST");
    } }, "Cancel")];
  return el("tr", { "data-id": task.id, onclick: () => showDetail(task.id) },
    el("td", {}, el("code", { title: task.id }, shortId(task.id))),
    el("td", {}, task.type),
    el("td", { class: "owner" }, task.owner || "–"),
    el("td", {}, badge(task.status), ...progressBar(task)),
    el("td", { class: "attempts" },
      task.maxAttempts ? `${task.attempts ?? 0}/${task.maxAttempts}` : String(task.attempts ?? 0)),
    el("td", {}, time(task.createdAt)),
    el("td", { class: "row-action" }, ...cancel));
}

function renderTasks() {
  const body = $("#tasks tbody");
  const newest = [...tasks.values()]
    .sort((a, b) => (b.createdAt || "").localeCompare(a.createdAt || ""))
    .slice(0, MAX_ROWS);
  body.replaceChildren(...newest.map(row));
}

// Answers and live events from different servers can arrive out of order (a retried task can
// complete before the retry's own answer is read): the highest revision wins.
function isNewer(taskId, revision) {
  const known = tasks.get(taskId);
  return !known || revision >= known.revision;
}

function remember(task) {
  if (isNewer(task.id, task.revision)) tasks.set(task.id, task);
}

async function loadTasks() {
  const page = await api(`tasks?limit=${MAX_ROWS}`);
  for (const task of page.items) remember(task);
  renderTasks();
}

// --- dead letters --------------------------------------------------------------------------

async function loadDeadLetters() {
  if (account.role === "submitter") return; // its role may not read them
  const page = await api("dead-letters?limit=20");
  const body = $("#dead-letters tbody");
  body.replaceChildren(...page.items.map((task) =>
    el("tr", { "data-id": task.id },
      el("td", { onclick: () => showDetail(task.id) }, el("code", { title: task.id }, shortId(task.id))),
      el("td", {}, task.type),
      el("td", { class: "error", title: task.lastError || "" }, task.lastError || ""),
      el("td", {}, String(task.attempts)),
      el("td", { class: "actions" },
        ...(account.role !== "operator" ? [] : [
          el("button", { class: "small retry", onclick: () => act(`tasks/${task.id}/retry`, "POST") }, "Retry"),
          " ",
          el("button", { class: "small secondary discard",
            onclick: () => act(`dead-letters/${task.id}`, "DELETE") }, "Discard")])))));
  $("#no-dead-letters").hidden = page.items.length > 0;
}

async function act(path, method) {
  try {
    const task = await api(path, { method, body: JSON.stringify({ reason: "from the dashboard" }) });
    if (task && task.id) {
      remember(task);
      renderTasks();
    }
  } catch (e) {
    alert(e.message);
  }
  loadDeadLetters();
}

// --- task detail ---------------------------------------------------------------------------

async function showDetail(id) {
  if (detailId !== id) detailRevision = -1;
  detailId = id;
  const task = await api(`tasks/${id}`);
  if (detailId !== id || task.revision < detailRevision) return;
  detailRevision = task.revision;
  $("#detail-id").textContent = task.id;
  const fields = [
    ["Status", badge(task.status)], ["Type", task.type], ["Owner", task.owner || "–"],
    ["Attempts", `${task.attempts}/${task.maxAttempts}`], ["Priority", String(task.priority)],
    ["Created", time(task.createdAt)], ["Started", time(task.startedAt)],
    ["Finished", time(task.finishedAt)], ["Processed by", task.processedBy || "–"],
    ["Payload", el("code", {}, JSON.stringify(task.payload))],
    ["Result", el("code", {}, task.result === null ? "–" : JSON.stringify(task.result))],
    ["Progress", task.progress
      ? `${task.progress.percent} %${task.progress.message ? ` · ${task.progress.message}` : ""} (attempt ${task.progress.attempt})`
      : "–"],
    ["Last error", task.lastError || "–"], ["Trace", el("code", {}, task.traceId || "–")],
  ];
  $("#detail-fields").replaceChildren(...fields.flatMap(([name, value]) =>
    [el("dt", {}, name), el("dd", {}, value)]));
  $("#detail-history").replaceChildren(...task.history.map((event) =>
    el("li", {}, badge(event.status), event.detail ? ` ${event.detail}` : "",
      el("time", {}, `${time(event.at)} · attempt ${event.attempt}`))));
  $("#detail").hidden = false;
}

$("#detail-close").onclick = () => {
  detailId = null;
  $("#detail").hidden = true;
};

// --- submitting ----------------------------------------------------------------------------

$("#submit-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const output = $("#submit-result");
  output.className = "";
  let request;
  try {
    request = {
      type: form.get("type"),
      payload: JSON.parse(form.get("payload") || "{}"),
      maxAttempts: Number(form.get("maxAttempts")),
      priority: Number(form.get("priority")),
    };
  } catch (e) {
    output.className = "error";
    output.textContent = `The payload is not JSON: ${e.message}`;
    return;
  }
  if (form.get("delay")) request.delay = form.get("delay");
  try {
    const task = await api("tasks", { method: "POST", body: JSON.stringify(request) });
    remember(task);
    renderTasks();
    output.replaceChildren("Accepted ", el("code", { id: "submitted-id" }, task.id));
  } catch (e) {
    output.className = "error";
    output.textContent = e.message;
  }
});

// --- live updates --------------------------------------------------------------------------

function applyProgress(p) {
  const known = tasks.get(p.taskId);
  if (!known) return;
  known.progress = { percent: p.percent, message: p.message, at: p.at, attempt: p.attempt };
  renderTasks();
}

function applyTransition(t) {
  if (isNewer(t.taskId, t.revision)) {
    const known = tasks.get(t.taskId) || { id: t.taskId, type: t.type, owner: t.owner, createdAt: t.at };
    tasks.set(t.taskId, { ...known, status: t.status, attempts: t.attempt, revision: t.revision });
    renderTasks();
  }
  if (t.taskId === detailId) showDetail(t.taskId);
  if (t.status === "FAILED" || t.status === "DISCARDED" || (t.status === "QUEUED" && t.attempt > 0)) {
    loadDeadLetters();
  }
}

function connect() {
  const events = new EventSource("api/events");
  events.addEventListener("open", () => {
    $("#live").className = "live on";
    $("#live").textContent = "live";
  });
  events.addEventListener("transition", (message) => applyTransition(JSON.parse(message.data)));
  events.addEventListener("progress", (message) => applyProgress(JSON.parse(message.data)));
  events.addEventListener("error", () => {
    $("#live").className = "live off";
    $("#live").textContent = "reconnecting…";
  });
}

// Who is signed in: the page offers only what the account's role may do (the server refuses the
// rest anyway): a viewer submits nothing, only an operator acts on dead letters, which a
// submitter may not see.
async function whoAmI() {
  account = await api("accounts/me");
  $("#account").textContent = `${account.name} (${account.role})`;
  $("#submit-panel").hidden = account.role === "viewer";
  $("#dead-letters-panel").hidden = account.role === "submitter";
}

connect();
loadTasks();
whoAmI().then(loadDeadLetters);
refreshStats();
setInterval(refreshStats, STATS_EVERY_MS);
