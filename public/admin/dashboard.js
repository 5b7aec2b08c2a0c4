// The dashboard: the two reports for a year, as charts (Chart.js from Debian) and tables.
import { api, el, say, sayFailure, start } from "./admin.js";

const QUARTERS = ["Q1", "Q2", "Q3", "Q4"];
// Debian's Chart.js has no default palette: every series gets its colour from this one list.
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const charts = {};

/** `datasets` with a colour of their own each, from PALETTE in order. */
function coloured(datasets) {
  return datasets.map((dataset, index) => {
    const colour = PALETTE[index % PALETTE.length];
    return Object.assign({ backgroundColor: colour, borderColor: colour, borderWidth: 1 }, dataset);
  });
}

function draw(id, config) {
  charts[id]?.destroy();
  config.data.datasets = coloured(config.data.datasets);
  charts[id] = new Chart(document.getElementById(id), config);
}

function fill(tableId, rows, cells) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren(...rows.map((row) => el("tr", {}, cells(row))));
}

async function show(year) {
  const [quarters, aboveMean] = await Promise.all([
    api(`/api/v1/reports/hires-by-quarter?year=${year}`),
    api(`/api/v1/reports/departments-above-mean?year=${year}`),
  ]);
  const byDepartment = new Map();
  for (const row of quarters) {
    const sums = byDepartment.get(row.department) || [0, 0, 0, 0];
    QUARTERS.forEach((quarter, index) => (sums[index] += row[quarter]));
    byDepartment.set(row.department, sums);
  }
  draw("quarters-chart", {
    type: "bar",
    data: {
      labels: [...byDepartment.keys()],
      datasets: QUARTERS.map((quarter, index) => ({ label: quarter, data: [...byDepartment.values()].map((sums) => sums[index]) })),
    },
    options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true } } },
  });
  draw("above-mean-chart", {
    type: "bar",
    data: { labels: aboveMean.map((row) => row.department), datasets: [{ label: "Hired", data: aboveMean.map((row) => row.hired) }] },
    options: { animation: false, indexAxis: "y" },
  });
  fill("above-mean", aboveMean, (row) => [el("td", {}, row.id), el("td", {}, row.department), el("td", { class: "number" }, row.hired)]);
  fill("quarters", quarters, (row) => [
    el("td", {}, row.department),
    el("td", {}, row.job),
    QUARTERS.map((quarter) => el("td", { class: "number" }, row[quarter])),
  ]);
  say(`${year}: ${quarters.length} department and job pairs, ${aboveMean.length} departments above the mean`);
}

start(async () => {
  const form = document.getElementById("year-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(document.getElementById("year").value).catch(sayFailure);
  });
  await show(document.getElementById("year").value);
});
