// Keeps app.css's colours (the body's sh-dark / sh-light class) in step with the MudBlazor theme shown. The
// server renders sh-system for a person who follows the operating system, so a page without a circuit
// matches it by media query; once the circuit knows the answer, the class says it.
export function applyTheme(dark) {
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
