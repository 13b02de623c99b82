// Keeps what the pages not migrated to MudBlazor read in step with the MudBlazor theme: Radzen's theme
// stylesheet (also the source of app.css's colours) and the body's sh-dark / sh-light class.
export function applyTheme(href, dark) {
    const link = document.getElementById('radzen-theme-link');
    if (link) {
        link.setAttribute('href', href);
        link.removeAttribute('media');
    }
    // Rendered for people who follow the system, so a page without a circuit matches it by media query.
    document.getElementById('radzen-theme-link-system-dark')?.remove();
    document.body.classList.remove('sh-system');
    document.body.classList.toggle('sh-dark', dark);
    document.body.classList.toggle('sh-light', !dark);
}

// The drawer over the page (narrow screens): Escape closes it and gives the focus back to the button that
// opened it. One listener on the document, so no keystroke goes to the server unless it closes the drawer.
const narrow = window.matchMedia('(max-width: 959.98px)');

export function watchDrawer(layout) {
    const onKeyDown = (event) => {
        const drawer = document.getElementById('sh-drawer');
        if (event.key === 'Escape' && narrow.matches && drawer?.classList.contains('mud-drawer--open')) {
            layout.invokeMethodAsync('CloseDrawer').then(() => document.querySelector('[aria-controls="sh-drawer"]')?.focus());
        }
    };
    document.addEventListener('keydown', onKeyDown);
    return { dispose: () => document.removeEventListener('keydown', onKeyDown) };
}

// Opening the drawer over the page moves the focus to its current link, so the keyboard is where the eye is.
export function focusDrawer() {
    if (!narrow.matches) {
        return;
    }
    const drawer = document.getElementById('sh-drawer');
    (drawer?.querySelector('a.active') ?? drawer?.querySelector('a'))?.focus();
}
