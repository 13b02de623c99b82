// SecurityHub's only page script. It loads after blazor.web.js (autostart="false").
//
// The CSP says base-uri 'none', so the page has no <base> element. Blazor reads document.baseURI to
// know the app's root and resolves "_blazor" against the document, so both are pinned to the site
// root here before Blazor starts. Every link in the app is root-absolute for the same reason.
(() => {
    const root = `${location.origin}/`;
    Object.defineProperty(Document.prototype, 'baseURI', { configurable: true, get: () => root });
    Object.defineProperty(Node.prototype, 'baseURI', { configurable: true, get: () => root });

    // Print buttons (inline handlers are not allowed by the CSP). The reconnect dialog has its own
    // script, Components/Layout/ReconnectModal.razor.js.
    document.addEventListener('click', (event) => {
        if (event.target instanceof HTMLElement && event.target.hasAttribute('data-print')) {
            window.print();
        }
    });

    // blazor.web.js fetches "_blazor/initializers" relative to the page, not to document.baseURI, so a page
    // loaded at a nested path (/inventory/import, /certificates/5) asked for /inventory/_blazor/initializers,
    // got the 404 page and never started its circuit. Relative "_blazor/" requests go to the site root.
    const fetchFromPage = window.fetch.bind(window);
    window.fetch = (input, init) =>
        fetchFromPage(typeof input === 'string' && input.startsWith('_blazor/') ? root + input : input, init);

    if (window.Blazor) {
        window.Blazor.start({
            circuit: {
                configureSignalR: (builder) => builder.withUrl('/_blazor'),
            },
        });
    }
})();
