// /api/docs: Swagger UI (its bundle loads before this file) on the API's OpenAPI document,
// started from a file so the page needs no inline script.

const root = document.getElementById('swagger-ui');

// Swagger UI labels each operation's toggle "post /api/…", which leaves the summary it
// shows out of the button's name; without the label, the visible text names it.
new MutationObserver(() => {
  for (const button of root.querySelectorAll('.opblock-summary-control[aria-label]')) {
    button.removeAttribute('aria-label');
  }
}).observe(root, { childList: true, subtree: true });

window.SwaggerUIBundle({
  url: root.dataset.specUrl,
  domNode: root,
  ...JSON.parse(root.dataset.config),
});
