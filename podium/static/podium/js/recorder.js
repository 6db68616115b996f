// The big record button. A young student presses it, speaks, presses it
// again; the recording (MediaRecorder) is put into the form's file field, as
// if it had been chosen, and its size into a hidden field so the server can
// tell a recording that arrived whole from one cut off on the way. Without
// MediaRecorder or a microphone the button stays hidden and the file field
// (which opens the phone's own recorder) is what there is.
//
// Listeners sit on the document, so forms swapped in by htmx work too.

const TYPES = ["audio/webm;codecs=opus", "audio/mp4", "audio/ogg;codecs=opus", "audio/webm"];
const EXTENSIONS = { "audio/webm": "webm", "audio/mp4": "m4a", "audio/ogg": "ogg" };
const sessions = new WeakMap();

const canRecord = Boolean(
  window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia,
);

function chosenType() {
  if (typeof MediaRecorder.isTypeSupported !== "function") return "";
  return TYPES.find((type) => MediaRecorder.isTypeSupported(type)) || "";
}

function parts(box) {
  return {
    button: box.querySelector("[data-record]"),
    label: box.querySelector("[data-record-label]"),
    time: box.querySelector("[data-recorder-time]"),
    message: box.querySelector("[data-recorder-message]"),
    preview: box.querySelector("[data-recorder-preview]"),
    file: box.querySelector("input[type=file]"),
    size: box.querySelector("input[type=hidden][name$=recorded_size]"),
  };
}

function clock(seconds) {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

function setUp(root) {
  root.querySelectorAll("[data-recorder]").forEach((box) => {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    const { button, message } = parts(box);
    if (canRecord) {
      button.hidden = false;
      box.classList.add("can-record");
    } else {
      message.textContent = box.dataset.textUnsupported;
    }
  });
}

async function start(box) {
  const p = parts(box);
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch {
    p.message.textContent = box.dataset.textDenied;
    return;
  }
  const type = chosenType();
  const recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
  const chunks = [];
  const started = Date.now();
  const limit = Number(box.dataset.maxSeconds || 300);
  const session = { recorder, stream, timer: 0 };
  sessions.set(box, session);

  recorder.addEventListener("dataavailable", (event) => {
    if (event.data && event.data.size > 0) chunks.push(event.data);
  });
  recorder.addEventListener("stop", () => {
    clearInterval(session.timer);
    stream.getTracks().forEach((track) => track.stop());
    sessions.delete(box);
    const blobType = (recorder.mimeType || type || "audio/webm").split(";")[0];
    const blob = new Blob(chunks, { type: blobType });
    const file = new File([blob], `recording.${EXTENSIONS[blobType] || "webm"}`, {
      type: blobType,
    });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    p.file.files = transfer.files;
    if (p.size) p.size.value = String(file.size);
    p.preview.src = URL.createObjectURL(blob);
    p.preview.hidden = false;
    p.button.classList.remove("recording");
    p.button.setAttribute("aria-pressed", "false");
    p.label.textContent = box.dataset.textAgain;
    p.message.textContent = box.dataset.textDone;
  });

  recorder.start(1000);
  p.button.classList.add("recording");
  p.button.setAttribute("aria-pressed", "true");
  p.label.textContent = box.dataset.textStop;
  p.message.textContent = box.dataset.textRecording;
  p.preview.hidden = true;
  p.time.textContent = clock(0);
  session.timer = setInterval(() => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    p.time.textContent = clock(seconds);
    if (seconds >= limit) stop(box);
  }, 500);
}

function stop(box) {
  const session = sessions.get(box);
  if (session && session.recorder.state !== "inactive") session.recorder.stop();
}

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-record]") : null;
  if (!button) return;
  const box = button.closest("[data-recorder]");
  if (sessions.has(box)) stop(box);
  else start(box);
});

// A file chosen by hand is not a recording: its size is not checked against one.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
  const box = input.closest("[data-recorder]");
  if (!box) return;
  const { size, preview } = parts(box);
  if (size) size.value = "";
  preview.hidden = true;
});

setUp(document);
document.addEventListener("htmx:load", (event) => setUp(event.target));
