// Browser tests of the public website, run by ../run.sh against a fresh Hub.
// Every page visited is checked with axe (WCAG 2.1 A and AA); screenshots of
// each page type in each language go to ../screenshots/ (not committed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const LANGS = ["en", "fr", "de", "ru", "es"];
const SHOTS = new URL("../screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
});
after(async () => browser?.close());

async function context(js) {
  const ctx = await browser.newContext({
    javaScriptEnabled: js,
    viewport: { width: 1280, height: 900 },
    baseURL: BASE,
  });
  ctx.noJs = !js;
  return ctx;
}

/** A page with JavaScript, where axe checks what a page without it shows. */
let shadow;
async function axeTarget(page) {
  if (!page.context().noJs) return page;
  if (!shadow) {
    shadow = await (await context(true)).newPage();
    await shadow.goto("/en/about");
  }
  // The same document, same origin: axe needs script, the page under test has none.
  await shadow.setContent(await page.content(), { waitUntil: "load" });
  return shadow;
}

/** Fails on any WCAG 2.1 A/AA violation of the current page. */
async function axe(page, what) {
  const result = await new AxeBuilder({ page: await axeTarget(page) })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const problems = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  assert.deepEqual(problems, [], `${what} (${page.url()}) has accessibility violations`);
}

/** Visits a page: status 200 (unless said), the right lang, axe, and a screenshot. */
async function visit(page, path, { lang, shot, status = 200 } = {}) {
  const res = await page.goto(path);
  assert.equal(res.status(), status, `${path}: status`);
  if (lang) assert.equal(await page.getAttribute("html", "lang"), lang, `${path}: lang`);
  await axe(page, path);
  if (shot) await page.screenshot({ path: `${SHOTS}${shot}.png`, fullPage: true });
  return res;
}

test("every page type in every language passes axe", async () => {
  const ctx = await context(true);
  const page = await ctx.newPage();
  for (const lang of LANGS) {
    await visit(page, `/${lang}/`, { lang, shot: `home-${lang}` });
    await visit(page, `/${lang}/practices`, { lang, shot: `practices-${lang}` });
    await visit(page, `/${lang}/practices?country=ES&ncd=diabetes`, { lang });
    await visit(page, `/${lang}/practices/es-an-telecuidados-cronicos-complejos`, {
      lang,
      shot: `practice-${lang}`,
    });
    await visit(page, `/${lang}/countries`, { lang, shot: `countries-${lang}` });
    await visit(page, `/${lang}/countries/es`, { lang, shot: `country-${lang}` });
    await visit(page, `/${lang}/about`, { lang, shot: `about-${lang}` });
    await visit(page, `/${lang}/privacy`, { lang });
    await visit(page, `/${lang}/accessibility`, { lang });
    await visit(page, `/${lang}/sign-in`, { lang, shot: `sign-in-${lang}` });
    await visit(page, `/${lang}/sign-up`, { lang, shot: `sign-up-${lang}` });
    await visit(page, `/${lang}/sign-in/unlock`, { lang, shot: `unlock-${lang}` });
    await visit(page, `/${lang}/no-such-page`, { lang, status: 404, shot: `not-found-${lang}` });
    const org = await page.goto(`/${lang}/practices/es-an-telecuidados-cronicos-complejos`);
    assert.equal(org.status(), 200);
    const href = await page.locator('a[href*="/organisations/"]').first().getAttribute("href");
    await visit(page, href, { lang, shot: `organisation-${lang}` });
  }
  await ctx.close();
});

test("signed-in page types in every language pass axe", async () => {
  const ctx = await context(true);
  const page = await ctx.newPage();
  await signIn(page, "editor@example.org", "editor password 1");
  const demo = "es-an-telecuidados-cronicos-complejos";
  for (const lang of LANGS) {
    await visit(page, `/${lang}/account`, { lang, shot: `account-${lang}` });
    await visit(page, `/${lang}/account/practices`, { lang, shot: `my-practices-${lang}` });
    await visit(page, `/${lang}/account/erase`, { lang });
    await visit(page, `/${lang}/submit`, { lang, shot: `editor-${lang}` });
    await visit(page, `/${lang}/practices/${demo}/edit`, { lang, shot: `editor-edit-${lang}` });
    await visit(page, `/${lang}/practices/${demo}/history`, { lang, shot: `history-${lang}` });
    await visit(page, `/${lang}/practices/${demo}`, { lang, shot: `practice-editor-${lang}` });
    await visit(page, `/${lang}/review`, { lang, shot: `review-queue-${lang}` });
  }
  await ctx.close();
});

for (const js of [true, false]) {
  const mode = js ? "with JavaScript" : "without JavaScript";

  test(`search in French, tick a facet, open a practice ${mode}`, async () => {
    const ctx = await context(js);
    const page = await ctx.newPage();
    // htmx must run under the CSP (`script-src 'self'`, no inline style) without complaint.
    const consoleErrors = [];
    let phase = "load";
    // (Missing resources are caught by status below; the browser's favicon probe is not one of ours.)
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(`${phase}: ${m.text()}`);
    });
    page.on("response", (r) => r.status() === 404 && consoleErrors.push(`${phase}: 404 ${r.url()}`));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto("/fr/practices");
    await page.fill("#f-q", "diabète");
    await page.click(".search-bar button[type=submit]");
    await page.waitForURL(/q=diab%C3%A8te/);
    const count = page.locator("#result-count");
    await page.waitForFunction(() => /diabète/.test(document.querySelector("#result-count")?.textContent ?? ""), null, { polling: 100 }).catch(() => {});
    const before = (await count.textContent()).trim();
    assert.match(before, /\d+ pratiques? correspond/, before);
    assert.ok(await page.locator(".snippet b").count(), "highlighted excerpts");
    assert.ok(await page.locator(".practice-card .note", { hasText: "Extrait en" }).count(), "language of the excerpt");
    phase = "axe1";
    await axe(page, "search results");
    phase = "facet";
    await page.screenshot({ path: `${SHOTS}search-fr${js ? "" : "-nojs"}.png`, fullPage: true });
    // The document stays the same with htmx: a marker set now survives the update.
    if (js) await page.evaluate(() => { window.__sameDocument = true; });
    const facet = page.locator('input[name=country][value="DE"]');
    const facetCount = Number((await page.locator('label[for="f-country-DE"] .facet-count').textContent()).trim());
    await facet.check();
    if (!js) await page.click(".filters button[type=submit]");
    await page.waitForURL(/country=DE/);
    await page.waitForFunction((b) => document.querySelector("#result-count")?.textContent.trim() !== b, before, { polling: 100 }).catch(() => {});
    const after = (await count.textContent()).trim();
    assert.notEqual(after, before, "the count follows the facet");
    assert.match(after, new RegExp(`^${facetCount} `), `${after} vs facet count ${facetCount}`);
    assert.ok(await page.locator('input[name=country][value="DE"]').isChecked());
    assert.equal(await page.inputValue("#f-q"), "diabète");
    if (js) assert.equal(await page.evaluate(() => window.__sameDocument), true, "updated in place");
    phase = "axe2";
    await axe(page, "search with a facet");
    phase = "history";
    if (js) {
      // Back restores the previous search; the shared link shows the same results.
      const shared = page.url();
      await page.goBack();
      await page.waitForURL((u) => !/country=DE/.test(u.href));
      await page.waitForFunction((b) => document.querySelector("#result-count")?.textContent.trim() === b, before, { timeout: 5000 });
      const other = await ctx.newPage();
      await other.goto(shared);
      assert.equal((await other.locator("#result-count").textContent()).trim(), after);
      await page.goForward();
      await page.waitForURL(/country=DE/);
    }
    const first = page.locator(".practice-list h3 a").first();
    const title = (await first.textContent()).trim();
    await first.click();
    await page.waitForURL(/\/fr\/practices\/[a-z0-9-]+$/);
    assert.equal((await page.locator("h1").textContent()).trim(), title);
    await axe(page, "practice");
    assert.deepEqual(consoleErrors, [], "console errors");
    await ctx.close();
  });

  test(`switch language on a page ${mode}`, async () => {
    const ctx = await context(js);
    const page = await ctx.newPage();
    await page.goto("/en/countries/fr");
    await page.click('.languages a[hreflang="de"]');
    await page.waitForURL(/\/de\/countries\/fr$/);
    assert.equal(await page.getAttribute("html", "lang"), "de");
    assert.match(await page.locator("h1").textContent(), /Frankreich/);
    // The choice is remembered for the bare address.
    await page.goto("/");
    await page.waitForURL(/\/de\/$/);
    await ctx.close();
  });

  test(`a locked-out person signs in through the mailed link ${mode}`, async () => {
    const email = `locked-${js ? "js" : "nojs"}-${Date.now()}@example.org`;
    const page = await (await context(js)).newPage();
    await signUp(page, email, "Lena Locked");
    await page.context().clearCookies();
    // Someone guesses until the Hub makes everyone on this address wait.
    let refused = false;
    for (let i = 0; i < 12 && !refused; i++) {
      await page.goto("/fr/sign-in");
      await page.fill("#email", email);
      await page.fill("#password", `wrong guess ${i}`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/fr/sign-in") && r.request().method() === "POST"),
        page.click("form.stack button[type=submit]"),
      ]);
      refused = res.status() === 429;
    }
    assert.ok(refused, "the throttle refused at last");
    await axe(page, "a refused sign-in");
    await page.click('a[href="/fr/sign-in/unlock"]');
    await page.fill("#email", email);
    await page.click("form.stack button[type=submit]");
    assert.match(await page.locator("h1").textContent(), /Consultez vos courriels/);
    await axe(page, "the link is on its way");
    await page.goto(await mailedLink(email, "/fr/sign-in/unlock/"));
    await axe(page, "the unlock link's page");
    await page.click("form.stack button[type=submit]");
    await page.waitForURL(/\/fr\/account$/);
    assert.match(await page.locator("main").textContent(), new RegExp(email.replace(/[.]/g, "\\.")));
    await page.context().close();
  });

  test(`sign up, submit, assign, review and publish ${mode}`, async () => {
    const tag = `${js ? "js" : "nojs"}-${Date.now()}`;
    const title = `Telemonitoring of asthma in Tartu ${tag}`;
    // 1. A contributor signs up and submits a practice.
    const owner = await (await context(js)).newPage();
    await owner.goto("/en/sign-up");
    await owner.fill("#email", `owner-${tag}@example.org`);
    await owner.fill("#display_name", "Olga Owner");
    await owner.fill("#password", "a long enough password");
    await owner.click("form.stack button[type=submit]");
    await owner.waitForURL(/\/en\/account$/);
    await axe(owner, "account");
    await owner.screenshot({ path: `${SHOTS}account-en${js ? "" : "-nojs"}.png`, fullPage: true });
    // Nothing can be submitted before the address is confirmed; the page says why.
    const refused = await owner.goto("/en/submit");
    assert.equal(refused.status(), 403);
    assert.match(await owner.locator("main").textContent(), /confirm your e-mail address/);
    await axe(owner, "refused: e-mail not confirmed");
    await owner.goto(await mailedLink(`owner-${tag}@example.org`, "/confirm-email/"));
    assert.match(await owner.locator("h1").textContent(), /Address confirmed/);
    // Her agency is new to the Hub: she creates it and manages it.
    const orgName = `Tartu Lung Health Agency ${tag}`;
    await owner.goto("/en/account");
    await owner.fill("#org-name", orgName);
    await owner.selectOption("#org-country", "EE");
    await owner.click('form[action$="/account/organisations"] button[type=submit]');
    await owner.waitForURL(/done=created/);
    await owner.goto("/en/submit");
    await axe(owner, "empty submission form");
    // A mistake first: nothing typed is lost, the summary links to the field.
    await owner.fill("#title", title);
    await owner.fill("#reach_users", "lots");
    await owner.click("form.editor button[type=submit]");
    assert.equal(await owner.inputValue("#title"), title);
    assert.ok(await owner.locator('.error-summary a[href="#reach_users"]').count());
    await axe(owner, "submission form with errors");
    await owner.screenshot({ path: `${SHOTS}editor-errors-en${js ? "" : "-nojs"}.png`, fullPage: true });
    await owner.fill("#reach_users", "2500");
    await owner.fill("#summary", "Patients with asthma send peak-flow readings from home; nurses call when they fall.");
    await owner.selectOption("#country", "EE");
    await owner.check('input[name=ncd_focus][value="chronic_respiratory"]');
    await owner.check('input[name=channels][value="mobile_app"]');
    await owner.fill("#organisations-0-name", orgName);
    await owner.click("form.editor button[type=submit]");
    await owner.waitForURL(/\/edit\?done=created$/);
    const slug = owner.url().match(/practices\/([^/]+)\/edit/)[1];
    await axe(owner, "saved draft");
    await owner.click('form[action$="/transition"] button[type=submit]');
    await owner.waitForURL(/done=submit/);
    await axe(owner, "submitted practice");

    // 2. The editor assigns the reviewer.
    const editor = await (await context(js)).newPage();
    await signIn(editor, "editor@example.org", "editor password 1");
    await editor.goto("/en/review");
    await axe(editor, "review queue");
    await editor.goto(`/en/practices/${slug}`);
    const reviewerBox = editor.locator('input[name=reviewer]', { hasText: "" });
    const label = editor.locator("label", { hasText: "reviewer@example.org" });
    await editor.check(`#${await label.getAttribute("for")}`);
    assert.ok(await reviewerBox.count());
    await editor.click('form[action$="/assign"] button[type=submit]');
    await editor.waitForURL(/done=assigned/);
    await axe(editor, "practice in review (editor)");

    // 3. The reviewer scores and publishes.
    const reviewer = await (await context(js)).newPage();
    await signIn(reviewer, "reviewer@example.org", "reviewer password 1");
    if (js) {
      // The scoring form in every language, before it is filled in.
      for (const lang of LANGS) {
        await visit(reviewer, `/${lang}/practices/${slug}/review`, { lang, shot: `review-form-${lang}` });
      }
    }
    await reviewer.goto(`/en/practices/${slug}/review`);
    await axe(reviewer, "review form");
    await reviewer.screenshot({ path: `${SHOTS}review-en${js ? "" : "-nojs"}.png`, fullPage: true });
    for (const c of ["relevance", "intervention_characteristics", "evidence_and_theory_based", "ethical_aspects"]) {
      await reviewer.check(`#score-${c}-pass`);
    }
    for (const c of ["effectiveness_and_efficiency", "equity", "transferability", "sustainability", "intersectoral_collaboration", "participation"]) {
      await reviewer.check(`#score-${c}-4`);
    }
    await reviewer.check("#recommendation-best");
    await reviewer.fill("#review-comment", "Clear design, good uptake.");
    await reviewer.click("form.stack > button[type=submit]");
    await reviewer.waitForURL(/done=review/);
    await reviewer.check("#decide-best");
    await reviewer.fill("#decision-reason", "Meets every criterion.");
    await reviewer.click('form[action$="/transition"] button[type=submit]');
    await reviewer.waitForURL(/done=decided/);
    await axe(reviewer, "published practice (reviewer)");

    // 4. Everyone sees it in the list and on its country page; the owner sees the outcome.
    const visitor = await (await context(js)).newPage();
    // The search index follows the database within a second or two.
    let listed = 0;
    for (let i = 0; i < 20 && !listed; i++) {
      await visitor.goto("/en/practices?country=EE");
      listed = await visitor.locator(".practice-list a", { hasText: title }).count();
      if (!listed) await visitor.waitForTimeout(250);
    }
    assert.ok(listed, "in the list");
    await visitor.goto("/en/countries/ee");
    assert.ok(await visitor.locator(".practice-list a", { hasText: title }).count(), "on the country page");
    await owner.goto(`/en/practices/${slug}`);
    assert.match(await owner.locator(".outcome").textContent(), /Best practice/);
    assert.match(await owner.locator("#curation").textContent(), /Clear design, good uptake/);
    await owner.goto(`/en/practices/${slug}/history`);
    await axe(owner, "history");

    // 5. A stranger asks to join the agency, and cannot act for it yet.
    const stranger = await (await context(js)).newPage();
    const strangerEmail = `stranger-${tag}@example.org`;
    await signUp(stranger, strangerEmail, "Sami Stranger");
    await stranger.goto(await mailedLink(strangerEmail, "/confirm-email/"));
    await stranger.goto("/en/account");
    await stranger.fill("#org-name", orgName);
    await stranger.click('form[action$="/account/organisations"] button[type=submit]');
    await stranger.waitForURL(/done=requested/);
    await stranger.goto(`/en/practices/${slug}`);
    assert.equal(await stranger.locator("text=Propose an update").count(), 0);
    const notYet = await stranger.goto(`/en/practices/${slug}/edit`);
    assert.equal(notYet.status(), 403);
    assert.match(await stranger.locator("main").textContent(), new RegExp(`Ask a manager of ${orgName}`));
    await axe(stranger, "refused: membership pending");
    await stranger.screenshot({ path: `${SHOTS}refused-pending-en${js ? "" : "-nojs"}.png`, fullPage: true });

    // 6. An editor confirms the new agency; its manager approves the stranger.
    await editor.goto("/en/admin/organisations");
    await axe(editor, "organisations (editor)");
    await editor.click(`button:has-text("Confirm ${orgName}")`);
    await editor.waitForURL(/done=confirmed/);
    await owner.goto("/en/account");
    await owner.click("text=Manage members");
    await axe(owner, "members page");
    await owner.click(`button:has-text("Approve Sami Stranger")`);
    await owner.waitForURL(/done=approve/);
    await owner.screenshot({ path: `${SHOTS}members-en${js ? "" : "-nojs"}.png`, fullPage: true });

    // 7. The new member proposes an update; the public page does not change.
    const newTitle = `${title} (second year)`;
    await stranger.goto(`/en/practices/${slug}`);
    await stranger.click("text=Propose an update");
    await axe(stranger, "proposal form");
    await stranger.fill("#title", newTitle);
    await stranger.fill("#note", "Second year results");
    await stranger.click("form.editor button[type=submit]");
    await stranger.waitForURL(/done=proposed/);
    await visitor.goto(`/en/practices/${slug}`);
    assert.equal((await visitor.locator("h1").textContent()).trim(), title);

    // 8. The editor approves it from the queue; the page shows the new text.
    await editor.goto("/en/review");
    await editor.click(`a:has-text("${title}")`);
    await axe(editor, "request page");
    await editor.check("#do-approve");
    await editor.fill("#request-reason", "Checked against the 2025 report.");
    await editor.click('form.stack button[type=submit]:has-text("Record the decision")');
    await editor.waitForURL(/done=update_approved/);
    await visitor.goto(`/en/practices/${slug}`);
    assert.equal((await visitor.locator("h1").textContent()).trim(), newTitle);

    // 9. The owner asks to archive; an editor confirms; the editor restores it as published.
    await owner.goto(`/en/practices/${slug}`);
    await owner.click('form[action$="/transition"] button:has-text("Ask to archive")');
    await axe(owner, "archive request confirmation");
    await owner.fill("#workflow-reason", "The service moved to the national platform.");
    await owner.click('form[action$="/transition"] button[type=submit]');
    await owner.waitForURL(/done=archive_requested/);
    assert.equal((await visitor.goto(`/en/practices/${slug}`)).status(), 200, "public until confirmed");
    await editor.goto("/en/review");
    await editor.click(`a:has-text("${newTitle}")`);
    await editor.check("#do-approve");
    await editor.click('form.stack button[type=submit]:has-text("Record the decision")');
    await editor.waitForURL(/done=archived/);
    assert.equal((await visitor.goto(`/en/practices/${slug}`)).status(), 404);
    await editor.goto(`/en/practices/${slug}`);
    await editor.click('form[action$="/transition"] button:has-text("Restore")');
    await editor.waitForURL(/done=restored/);
    assert.equal((await visitor.goto(`/en/practices/${slug}`)).status(), 200);
    assert.match(await visitor.locator(".outcome").textContent(), /Best practice/);
    await editor.goto(`/en/practices/${slug}/history`);
    assert.match(await editor.locator("main").textContent(), /national platform/);
    for (const p of [owner, editor, reviewer, visitor, stranger]) await p.context().close();
  });
}

async function signUp(page, email, name) {
  await page.goto("/en/sign-up");
  await page.fill("#email", email);
  await page.fill("#display_name", name);
  await page.fill("#password", "a long enough password");
  await page.click("form.stack button[type=submit]");
  await page.waitForURL(/\/en\/account$/);
}

async function signIn(page, email, password) {
  await page.goto("/en/sign-in");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("form.stack button[type=submit]");
  await page.waitForURL(/\/en\/account$/);
}

/** The newest link containing `part` mailed to `to` (mail is written as .eml files). */
export async function mailedLink(to, part) {
  const dir = process.env.MHUB_MAIL_DIR;
  for (let i = 0; i < 40; i++) {
    const names = existsSync(dir) ? readdirSync(dir).sort().reverse() : [];
    for (const name of names) {
      const text = readFileSync(join(dir, name), "utf8");
      if (!text.includes(`To: ${to}`)) continue;
      const m = text.match(new RegExp(`https?://[^\\s]*${part.replace(/[/]/g, "\\/")}[^\\s]*`));
      if (m) return new URL(m[0]).pathname;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} with ${part}`);
}
