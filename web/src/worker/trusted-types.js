// The one Trusted Types policy the site creates (image-runner.js): it turns the image view's own
// worker script URL (a blob: URL the lab just made) into a TrustedScriptURL, and refuses any other.
// index.html's Content-Security-Policy allows this name only (web/build.mjs); a host page that
// enforces Trusted Types allows it with `trusted-types convt-lab` to get the worker (docs/page.md, "Content-Security-Policy").
export const TRUSTED_TYPES_POLICY = 'convt-lab';
