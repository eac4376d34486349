// The search page has the site's layout, in a route group of its own: outside app/(site), whose
// not-found page (the latest stories) Next renders into every page of that group as the fallback
// a client would show, at each request for a page rendered per request. Search never calls
// notFound(), so the build-time root app/not-found.tsx is the fallback here, and a search renders
// only itself.
export { default } from "../(site)/layout";
