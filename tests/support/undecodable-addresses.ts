// Addresses whose percent-encoding does not decode to UTF-8 (a lone byte, an overlong form, a
// surrogate, a cut-off sequence, a bare "%"): the production server answers them with a 400 page
// before Next sees them. Shared by the server's unit test and the end-to-end bad-input sweep.
export const UNDECODABLE_ADDRESSES = [
  "/stories/%FF",
  "/stories/%C0%AF",
  "/stories/%ED%A0%80",
  "/stories/%E0%A4%A",
  "/stories/%",
  "/%E0%A4%A",
  "/sections/metro/page/%FF",
  "/api/auth/%FF",
];
