// The live preview page: applies each state the server sends (server-sent events) without a
// reload. Pictures are named after what they show, so only changed slides are fetched again.
"use strict";

const $ = (id) => document.getElementById(id);
let current = null;
// Each state once all its pictures are on screen: {version, at (ms since 1970), redrawn}.
window.briefingShown = [];

const PHASES = {
  building: "Updating…",
  "drawing slides": "Drawing the changed slides…",
  "drawing report": "Drawing the report…",
};

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("state", (event) => apply(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    const status = $("status");
    status.textContent = "Disconnected: is briefing preview --watch still running?";
    status.className = "status offline";
  });
}

function apply(state) {
  current = state;
  document.body.dataset.version = String(state.version);
  document.title = `${state.title} · briefing preview`;
  $("title").textContent = state.title;
  $("source").textContent = state.source;
  showStatus(state);
  showProblems(state);
  showWarnings(state.warnings);
  showDownloads(state.downloads);
  const slideImages = showSlides(state.slides, state.redrawn);
  const pageImages = showPages(state.pages);
  route();
  settle(state, [...slideImages, ...pageImages]);
}

function showStatus(state) {
  const status = $("status");
  const busy = state.phase in PHASES;
  let text = state.updated ? `Updated ${state.updated}` : "";
  if (busy) {
    const first = !state.slides.length && state.phase !== "building";
    const doing = first ? "Starting LibreOffice and drawing the slides…" : PHASES[state.phase];
    text = text && state.phase === "drawing report" ? `${text} · ${doing}` : doing;
  }
  status.textContent = text;
  status.className = busy ? "status busy" : "status";
  document.body.dataset.phase = state.phase;
}

function showProblems(state) {
  const box = $("problems");
  box.hidden = !state.problems.length;
  if (!state.problems.length) return;
  $("problems-heading").textContent = state.slides.length
    ? "This save has problems. The last good preview stays below; save a fix to update it."
    : "The source has problems; save a fix to see the preview.";
  $("problem-lines").textContent = state.problems.join("\n");
}

function showWarnings(warnings) {
  const box = $("warnings");
  box.hidden = !warnings.length;
  $("warnings-summary").textContent =
    warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`;
  const list = $("warning-lines");
  list.replaceChildren(
    ...warnings.map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }),
  );
}

function showDownloads(downloads) {
  const names = { deck: "Deck (.pptx)", report: "Report (.docx)" };
  $("downloads").replaceChildren(
    ...Object.entries(downloads).map(([name, href]) => {
      const link = document.createElement("a");
      link.href = href;
      link.textContent = names[name] || name;
      return link;
    }),
  );
}

// Reuses the figures already there; a picture is replaced only when its slide changed.
function showSlides(slides, redrawn) {
  const grid = $("grid");
  while (grid.children.length > slides.length) grid.lastElementChild.remove();
  const changed = [];
  slides.forEach((slide, index) => {
    let figure = grid.children[index];
    if (!figure) {
      figure = document.createElement("figure");
      figure.className = "slide";
      const link = document.createElement("a");
      link.href = `#slide-${index + 1}`;
      link.append(document.createElement("img"), document.createElement("figcaption"));
      figure.append(link);
      grid.append(figure);
    }
    const img = figure.querySelector("img");
    if (img.getAttribute("src") !== slide.image) {
      img.src = slide.image;
      img.alt = `Slide ${slide.number}`;
      changed.push(img);
    }
    figure.dataset.number = slide.number;
    figure.querySelector("figcaption").textContent = slide.number;
    figure.classList.remove("redrawn");
    if (redrawn.includes(slide.number) && changed.includes(img)) {
      void figure.offsetWidth; // restart the highlight
      figure.classList.add("redrawn");
    }
  });
  $("slide-count").textContent = slides.length ? `(${slides.length})` : "";
  $("empty").hidden = slides.length > 0;
  return changed;
}

function showPages(pages) {
  const box = $("pages");
  while (box.children.length > pages.length) box.lastElementChild.remove();
  const changed = [];
  pages.forEach((page, index) => {
    let figure = box.children[index];
    if (!figure) {
      figure = document.createElement("figure");
      figure.className = "page";
      figure.append(document.createElement("img"), document.createElement("figcaption"));
      box.append(figure);
    }
    const img = figure.querySelector("img");
    if (img.getAttribute("src") !== page.image) {
      img.src = page.image;
      img.alt = `Report page ${page.number}`;
      changed.push(img);
    }
    figure.querySelector("figcaption").textContent = `Page ${page.number}`;
  });
  $("page-count").textContent = pages.length ? `(${pages.length})` : "";
  $("report-empty").hidden = pages.length > 0;
  return changed;
}

// Shows the view the address asks for: #slides, #slide-N or #report.
function route() {
  const hash = location.hash || "#slides";
  const report = hash === "#report";
  $("slides-view").hidden = report;
  $("report-view").hidden = !report;
  $("tab-slides").setAttribute("aria-current", report ? "false" : "page");
  $("tab-report").setAttribute("aria-current", report ? "page" : "false");
  const match = /^#slide-(\d+)$/.exec(hash);
  const slides = current ? current.slides : [];
  const number = match ? Math.min(Math.max(1, Number(match[1])), slides.length) : 0;
  $("grid").hidden = number > 0;
  $("single").hidden = number === 0;
  if (!number) return;
  const slide = slides[number - 1];
  const single = $("single-image");
  if (single.getAttribute("src") !== slide.image) single.src = slide.image;
  single.alt = `Slide ${number}`;
  $("notes").textContent = slide.notes || "(no speaker notes)";
  $("position").textContent = `Slide ${number} of ${slides.length}`;
  setLink($("previous"), number > 1 ? `#slide-${number - 1}` : null);
  setLink($("next"), number < slides.length ? `#slide-${number + 1}` : null);
}

function setLink(link, href) {
  link.href = href || "#slides";
  link.setAttribute("aria-disabled", href ? "false" : "true");
}

// Records when every new picture of a state is on screen (for tests and the benchmark).
function settle(state, images) {
  const loaded = images.map((img) => img.decode().catch(() => undefined));
  Promise.all(loaded).then(() => {
    if (current !== state) return;
    document.body.dataset.shown = String(state.version);
    window.briefingShown.push({ version: state.version, at: Date.now(), redrawn: state.redrawn });
  });
}

document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea")) return;
  const match = /^#slide-(\d+)$/.exec(location.hash);
  if (!match || !current) return;
  const number = Number(match[1]);
  if (event.key === "ArrowRight" && number < current.slides.length) {
    location.hash = `#slide-${number + 1}`;
  } else if (event.key === "ArrowLeft" && number > 1) {
    location.hash = `#slide-${number - 1}`;
  } else if (event.key === "Escape") {
    location.hash = "#slides";
  }
});
$("single-image").addEventListener("click", () => {
  location.hash = "#slides";
});
window.addEventListener("hashchange", route);
connect();
