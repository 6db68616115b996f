// Presentation mode. The page holds every slide (without JavaScript it reads
// as one long page); this shows one at a time and moves with the keyboard
// (arrows, Page Up/Down as presentation clickers send, Space, Home/End),
// swipes, and the on-screen buttons. "Full screen" uses the Fullscreen API.
//
// With data-timer each section slide times itself: the running time beside
// the suggested minutes, marked "long" once past them. In a rehearsal the
// times fill the form on the last slide; at the conference (data-times-url)
// the running totals are posted as the slide changes and on leaving, and the
// server keeps the last value it received for each section.

const KEYS_NEXT = new Set(["PageDown", " ", "Spacebar"]);
const KEYS_PREVIOUS = new Set(["PageUp"]);
const SWIPE = 60;

function clock(seconds) {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function csrfToken(root) {
  const field = root.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

function setUp(root) {
  const slides = Array.from(root.querySelectorAll("[data-slide]"));
  if (!slides.length) return;
  const rtl = document.documentElement.dir === "rtl";
  const number = root.querySelector("[data-deck-number]");
  const count = root.querySelector("[data-deck-count]");
  const nav = root.querySelector("[data-deck-nav]");
  const keysHint = root.querySelector("[data-deck-keys]");
  const fullscreen = root.querySelector("[data-deck-fullscreen]");
  const timesUrl = root.dataset.timesUrl || "";
  const timed = root.hasAttribute("data-timer");

  // Seconds per section id, resumed from what the server already has.
  const seconds = {};
  for (const slide of slides) {
    const id = slide.dataset.sectionId;
    if (id) seconds[id] = Number(slide.dataset.seconds || 0);
  }
  let current = -1;
  let tickedAt = Date.now();
  let lastPosted = "";

  root.classList.add("deck-js");
  if (nav) nav.hidden = false;
  if (keysHint) keysHint.hidden = false;
  if (count) count.textContent = String(slides.length);

  function sectionOf(index) {
    return index >= 0 && index < slides.length ? slides[index].dataset.sectionId || "" : "";
  }

  function draw(slide) {
    const id = slide.dataset.sectionId;
    if (!id) return;
    const spent = seconds[id] || 0;
    const elapsed = slide.querySelector("[data-elapsed]");
    if (elapsed) elapsed.textContent = clock(spent);
    const long = spent > Number(slide.dataset.minutes || 0) * 60;
    slide.classList.toggle("is-long", long);
    const flag = slide.querySelector("[data-long-flag]");
    if (flag) flag.hidden = !long;
    const field = root.querySelector(`[data-time-for="${id}"]`);
    if (field) field.value = String(Math.floor(spent));
  }

  function tick() {
    const now = Date.now();
    const id = sectionOf(current);
    if (id) {
      seconds[id] = (seconds[id] || 0) + (now - tickedAt) / 1000;
      draw(slides[current]);
    }
    tickedAt = now;
  }

  function payload() {
    const whole = {};
    for (const [id, value] of Object.entries(seconds)) {
      if (value > 0) whole[id] = Math.floor(value);
    }
    return whole;
  }

  function postTimes() {
    if (!timesUrl) return Promise.resolve();
    tick();
    const body = JSON.stringify({ seconds: payload() });
    if (body === lastPosted || body === '{"seconds":{}}') return Promise.resolve();
    lastPosted = body;
    return fetch(timesUrl, {
      method: "POST",
      body,
      keepalive: true,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(root) },
    }).catch(() => {
      lastPosted = "";
    });
  }

  function show(index, options = {}) {
    const next = Math.max(0, Math.min(slides.length - 1, index));
    if (timed) tick();
    const changed = next !== current;
    current = next;
    slides.forEach((slide, i) => {
      slide.hidden = i !== next;
      slide.classList.toggle("is-current", i === next);
    });
    if (number) number.textContent = String(next + 1);
    if (options.updateHash !== false && window.history.replaceState) {
      window.history.replaceState(null, "", `#${slides[next].id}`);
    }
    if (changed && timed) draw(slides[next]);
    if (changed && options.post !== false) postTimes();
    if (root.getBoundingClientRect().top < 0) root.scrollIntoView();
  }

  const go = (step) => show(current + step);

  function start() {
    const fromHash = slides.findIndex((slide) => `#${slide.id}` === window.location.hash);
    if (fromHash >= 0) return fromHash;
    return root.dataset.start === "last" ? slides.length - 1 : 0;
  }

  show(start(), { post: false, updateHash: false });
  slides.forEach(draw);

  root.querySelector("[data-deck-next]")?.addEventListener("click", () => go(1));
  root.querySelector("[data-deck-prev]")?.addEventListener("click", () => go(-1));

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, audio, video, [contenteditable]")) {
      return;
    }
    const onControl = target.closest && target.closest("button, a, summary");
    const forward = rtl ? "ArrowLeft" : "ArrowRight";
    const backward = rtl ? "ArrowRight" : "ArrowLeft";
    let step = 0;
    if (event.key === " " && onControl) return;
    if (event.key === " " && event.shiftKey) step = -1;
    else if (KEYS_NEXT.has(event.key) || event.key === forward || event.key === "ArrowDown") step = 1;
    else if (KEYS_PREVIOUS.has(event.key) || event.key === backward || event.key === "ArrowUp") {
      step = -1;
    } else if (event.key === "Home") {
      event.preventDefault();
      show(0);
      return;
    } else if (event.key === "End") {
      event.preventDefault();
      show(slides.length - 1);
      return;
    }
    if (step) {
      event.preventDefault();
      go(step);
    }
  });

  let touchStart = null;
  root.addEventListener(
    "touchstart",
    (event) => {
      const target = event.target;
      if (event.touches.length !== 1 || target.closest("input, textarea, select, audio, video")) {
        touchStart = null;
        return;
      }
      touchStart = { x: event.touches[0].clientX, y: event.touches[0].clientY };
    },
    { passive: true },
  );
  root.addEventListener(
    "touchend",
    (event) => {
      if (!touchStart) return;
      const dx = event.changedTouches[0].clientX - touchStart.x;
      const dy = event.changedTouches[0].clientY - touchStart.y;
      touchStart = null;
      if (Math.abs(dx) < SWIPE || Math.abs(dx) < 1.5 * Math.abs(dy)) return;
      // A swipe to the left brings the next slide (to the right in a right-to-left language).
      go((dx < 0) !== rtl ? 1 : -1);
    },
    { passive: true },
  );

  if (fullscreen && document.fullscreenEnabled && root.requestFullscreen) {
    const label = () => {
      fullscreen.textContent = document.fullscreenElement
        ? root.dataset.labelLeaveFullscreen
        : root.dataset.labelFullscreen;
    };
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else root.requestFullscreen().catch(() => {});
    });
    document.addEventListener("fullscreenchange", label);
  }

  if (timed) window.setInterval(tick, 1000);

  // Leaving the deck for the console: the times go first.
  const finish = root.querySelector("[data-deck-finish]");
  if (finish && timesUrl) {
    finish.addEventListener("click", (event) => {
      event.preventDefault();
      const leave = () => {
        window.location.href = finish.href;
      };
      Promise.race([postTimes(), new Promise((resolve) => setTimeout(resolve, 1500))]).then(leave);
    });
  }
  if (timesUrl) {
    window.addEventListener("pagehide", () => postTimes());
    // Forms on the deck (a commitment) leave the page too: send the times with them.
    root.addEventListener("submit", () => postTimes());
  }
}

document.querySelectorAll("[data-deck]").forEach(setUp);
