// Progress of the request being answered, posted to the page as `{id, progress}` messages.

/** The request being answered. */
let answering = null;

/** Progress reports from now on belong to request `id`. */
export function answeringRequest(id) {
  answering = id;
}

/** Tells the page how far the current request has got (a fraction). */
export function reportProgress(fraction) {
  self.postMessage({ id: answering, progress: fraction });
}
