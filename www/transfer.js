// What a siting input hands over between threads: its typed arrays' buffers (the walking cover
// sets only under the network metric), for postMessage's transfer list. Used by the engine worker
// (sending the input to the page) and the page (passing it on to the siting worker).

/** The transferable buffers of a siting input. */
export function sitingBuffers(input) {
  return [input.coords, input.weight, input.candidates, input.cover_start, input.cover_items].filter(Boolean).map((a) => a.buffer);
}
