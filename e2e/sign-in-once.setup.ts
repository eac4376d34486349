import { test as setup } from "@playwright/test";
import { ROLES, signIn, signedInState } from "./fixtures";

// Each demo account signs in once, through the real sign-in form, and the browser state is saved
// for the journeys that need a signed-in newsroom but are not about signing in (the "setup" project
// in playwright.config.ts runs this before them). Journeys that sign out, change a password, turn on
// two-factor or deactivate someone do so on accounts or sessions of their own, so these stay valid.
for (const role of ROLES) {
  setup(`sign in as the demo ${role}`, async ({ page }) => {
    await signIn(page, role);
    await page.context().storageState({ path: signedInState(role) });
  });
}
