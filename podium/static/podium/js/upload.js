// Upload progress. A form marked data-upload is sent by htmx (hx-post with
// multipart encoding), which reports the upload's progress from
// XMLHttpRequest's upload.onprogress; this module shows it in the form's
// <progress>. Without JavaScript the form is an ordinary form and the
// browser shows its own progress. No time limit is set on the request, so a
// large video on a slow phone connection is not cut off.

function progressOf(form) {
  return form.querySelector("[data-upload-progress]");
}

function hasFile(form) {
  return Array.from(form.querySelectorAll("input[type=file]")).some(
    (input) => input.files && input.files.length > 0,
  );
}

function uploadForm(event) {
  return event.target instanceof Element ? event.target.closest("form[data-upload]") : null;
}

document.addEventListener("htmx:xhr:loadstart", (event) => {
  const form = uploadForm(event);
  if (!form || !hasFile(form)) return;
  const box = progressOf(form);
  if (!box) return;
  const bar = box.querySelector("progress");
  bar.value = 0;
  box.hidden = false;
});

document.addEventListener("htmx:xhr:progress", (event) => {
  const form = uploadForm(event);
  if (!form) return;
  const box = progressOf(form);
  const { loaded, total } = event.detail;
  if (!box || !total) return;
  // htmx reports the upload and then the (small) answer's download: only
  // ever move forward, so the bar does not jump back.
  const bar = box.querySelector("progress");
  bar.value = Math.max(bar.value, Math.round((loaded / total) * 100));
});

function tell(form, message) {
  const box = progressOf(form);
  if (box) box.hidden = true;
  let note = form.querySelector("[data-upload-failed]");
  if (!note) {
    note = document.createElement("p");
    note.className = "error";
    note.setAttribute("role", "alert");
    note.dataset.uploadFailed = "";
    form.prepend(note);
  }
  note.textContent = message;
}

// The request failed on the way (the network dropped): say so, keep the form.
document.addEventListener("htmx:sendError", (event) => {
  const form = uploadForm(event);
  if (form) tell(form, form.dataset.failedText);
});

// The server refused it before reading it (too big), or failed.
document.addEventListener("htmx:responseError", (event) => {
  const form = uploadForm(event);
  if (!form) return;
  const tooBig = event.detail.xhr && event.detail.xhr.status === 413;
  tell(form, tooBig ? form.dataset.tooBigText : form.dataset.failedText);
});
