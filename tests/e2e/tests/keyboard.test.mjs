// Keyboard-only use of the public website, and the search page's pagination
// and sort, run by ../run.sh against a fresh Hub (with the demo practices).
// Only Tab, Shift+Tab, Enter, Space and typed text: no clicks in the keyboard tests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8080";

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic"],
  });
});
after(async () => browser?.close());

async function context(js) {
  const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1280, height: 900 }, baseURL: BASE });
  ctx.noJs = !js;
  return ctx;
}

/** axe (WCAG 2.1 A/AA) on the current page; without JavaScript on a copy in a page with it. */
let shadow;
async function axe(page, what) {
  let target = page;
  if (page.context().noJs) {
    if (!shadow) {
      shadow = await (await context(true)).newPage();
      await shadow.goto("/en/about");
    }
    await shadow.setContent(await page.content(), { waitUntil: "load" });
    target = shadow;
  }
  const result = await new AxeBuilder({ page: target }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const problems = result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(problems, [], `${what} (${page.url()}) has accessibility violations`);
}

/**
 * What has the focus, and whether it shows: a visible outline or box-shadow, or
 * for a link of the SVG map (where CSS outlines are not drawn) the focus fill.
 */
function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { none: true };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== "none";
    let svgFill = false;
    if (el instanceof SVGElement) {
      const shape = el.querySelector("path, circle");
      svgFill = !!shape && getComputedStyle(shape).fill === "rgb(255, 191, 71)";
    }
    const r = el.getBoundingClientRect();
    return {
      none: false,
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.getAttribute("name") ?? "",
      value: el.getAttribute("value") ?? "",
      href: el.getAttribute("href") ?? "",
      hreflang: el.getAttribute("hreflang") ?? "",
      text: (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 300),
      classes: el.getAttribute("class") ?? "",
      visible: el instanceof SVGElement ? svgFill : outline || shadow,
      onScreen: r.width > 0 && r.height > 0,
      html: el.outerHTML.slice(0, 120),
    };
  });
}

/** Presses a key and checks the newly focused element shows its focus. */
async function press(page, key) {
  await page.keyboard.press(key);
  const f = await focusInfo(page);
  if (!f.none && (key === "Tab" || key === "Shift+Tab")) {
    assert.ok(f.visible, `focus not visible on ${f.html}`);
    assert.ok(f.onScreen, `focused element has no size: ${f.html}`);
  }
  return f;
}

/** Tabs forward (or back) until `want(focus)` holds; every stop must show its focus. */
async function tabTo(page, want, what, { back = false, max = 400 } = {}) {
  for (let i = 0; i < max; i++) {
    const f = await press(page, back ? "Shift+Tab" : "Tab");
    if (!f.none && want(f)) return f;
  }
  assert.fail(`never reached ${what} with ${back ? "Shift+Tab" : "Tab"} on ${page.url()}`);
}

/** Waits for a navigation started by a key, or for htmx to finish updating in place. */
async function settle(page) {
  await page.waitForLoadState("load");
  for (let i = 0; i < 50; i++) {
    const busy = await page.evaluate(() => !!document.querySelector(".htmx-request")).catch(() => true);
    if (!busy) return;
    await page.waitForTimeout(50);
  }
}

/**
 * Tabs through the whole page from the top: every stop shows its focus, the
 * last element of the footer is reached, and focus comes back round to the
 * skip link (no trap); Shift+Tab from there walks back to the footer.
 */
async function noTrap(page) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const first = await press(page, "Tab");
  assert.match(first.classes, /skip-link/, `the first Tab focuses the skip link, not ${first.html}`);
  let stops = 0;
  let sawFooterEnd = false;
  for (;;) {
    const f = await press(page, "Tab");
    if (f.href === "/api/openapi.json") sawFooterEnd = true;
    if (!f.none && /skip-link/.test(f.classes)) break;
    stops++;
    assert.ok(stops < 1500, `focus never came back to the top of ${page.url()}`);
  }
  assert.ok(sawFooterEnd, `the footer's last link was reached on ${page.url()}`);
  assert.ok(stops > 10, `only ${stops} stops on ${page.url()}`);
  const last = await tabTo(page, (f) => f.href === "/api/openapi.json", "the footer's last link backwards", { back: true, max: 3 });
  assert.equal(last.href, "/api/openapi.json");
  return stops;
}

for (const js of [true, false]) {
  const mode = js ? "with JavaScript" : "without JavaScript";

  test(`keyboard only: skip link, search, facet, practice, language, sign in ${mode}`, async () => {
    const ctx = await context(js);
    const page = await ctx.newPage();
    await page.goto("/en/practices");

    // 1. The first Tab shows the skip link; Enter puts the focus on the main content.
    const skip = await press(page, "Tab");
    assert.match(skip.classes, /skip-link/, skip.html);
    assert.equal(skip.href, "#main");
    await page.keyboard.press("Enter");
    assert.equal((await focusInfo(page)).id, "main", "focus moved to main");

    // 2. Search: the next stop after main is the search box.
    const box = await press(page, "Tab");
    assert.equal(box.id, "f-q", `after the skip link, Tab goes to the search box, not ${box.html}`);
    await page.keyboard.type("diabetes");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=diabetes/);
    await settle(page);
    const count = page.locator("#result-count");
    await page.waitForFunction(() => /diabetes/.test(document.querySelector("#result-count")?.textContent ?? ""), null, { polling: 100, timeout: 5000 }).catch(() => {});
    const before = (await count.textContent()).trim();
    assert.match(before, /match(es)? “diabetes”/, before);

    // 3. A facet: Tab to a country that narrows the results, Space ticks it
    //    (without JavaScript, then Tab to the Filter button and Enter).
    const total = Number(before.match(/\d+/)[0]);
    let country;
    for (const id of await page.locator("input[name=country]").evaluateAll((els) => els.map((e) => e.id))) {
      const n = Number((await page.locator(`label[for="${id}"] .facet-count`).textContent()).trim());
      if (n > 0 && n < total) {
        country = await page.locator(`#${id}`).getAttribute("value");
        break;
      }
    }
    assert.ok(country, "a country facet that narrows the results");
    const box2 = await tabTo(page, (f) => f.name === "country" && f.value === country, `the facet ${country}`);
    await page.keyboard.press("Space");
    if (!js) {
      await tabTo(page, (f) => f.tag === "button" && /Filter/.test(f.text), "the Filter button");
      await page.keyboard.press("Enter");
    }
    await page.waitForURL(new RegExp(`country=${country}`));
    await settle(page);
    await page.waitForFunction((b) => document.querySelector("#result-count")?.textContent.trim() !== b, before, { polling: 100, timeout: 5000 }).catch(() => {});
    assert.notEqual((await count.textContent()).trim(), before, "the count follows the facet");
    assert.ok(await page.locator(`input[name=country][value="${country}"]`).isChecked());
    if (js) {
      // htmx put the focus back on the very checkbox it replaced.
      const f = await focusInfo(page);
      assert.equal(f.id, box2.id, `focus kept on the facet, not ${f.html}`);
    }
    await axe(page, "search with a facet, by keyboard");

    // 4. Open a practice.
    const link = await tabTo(page, (f) => f.tag === "a" && /\/en\/practices\/[a-z0-9-]+$/.test(f.href), "a result");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === link.href);
    assert.equal((await page.locator("h1").textContent()).trim(), link.text);

    // 5. Switch language: back up from the main content to the language links with Shift+Tab.
    await press(page, "Tab"); // skip link
    await page.keyboard.press("Enter");
    const fr = await tabTo(page, (f) => f.hreflang === "fr", "the French link", { back: true, max: 30 });
    assert.equal(fr.text, "Français");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === link.href.replace("/en/", "/fr/"));
    assert.equal(await page.getAttribute("html", "lang"), "fr");

    // 6. Sign in from the header.
    await tabTo(page, (f) => f.href === "/fr/sign-in", "the sign-in link");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/fr\/sign-in/);
    await tabTo(page, (f) => f.id === "email", "the e-mail field");
    await page.keyboard.type("editor@example.org");
    const pw = await press(page, "Tab");
    assert.equal(pw.id, "password");
    await page.keyboard.type("wrong password");
    const back = await press(page, "Shift+Tab");
    assert.equal(back.id, "email", "Shift+Tab goes back to the e-mail field");
    await press(page, "Tab");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("editor password 1");
    const submit = await press(page, "Tab");
    assert.equal(submit.tag, "button");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/fr\/account$/);
    assert.match(await page.locator(".account-nav").textContent(), /Eva Editor/);
    await axe(page, "account, by keyboard");
    await ctx.close();
  });

  test(`keyboard only: no focus trap and visible focus on every page type ${mode}`, async () => {
    const ctx = await context(js);
    const page = await ctx.newPage();
    for (const path of [
      "/en/",
      "/en/practices?q=diabetes&country=ES",
      "/ru/practices/es-an-telecuidados-cronicos-complejos",
      "/de/countries/es",
      "/fr/sign-in",
      "/es/no-such-page",
    ]) {
      await page.goto(path);
      const stops = await noTrap(page);
      console.log(`# ${path} (${mode}): ${stops} tab stops, focus visible on each, back round to the top`);
    }
    await ctx.close();
  });

  test(`pagination of the search results ${mode}`, async () => {
    const ctx = await context(js);
    const page = await ctx.newPage();
    await page.goto("/en/practices");
    const firstOnPage1 = (await page.locator(".practice-list h3 a").first().textContent()).trim();
    if (js) await page.evaluate(() => { window.__sameDocument = true; });
    // Keyboard again: Tab to the link of page 2, Enter.
    await tabTo(page, (f) => f.tag === "a" && /[?&]page=2$/.test(f.href) && f.text === "2", "the link to page 2", { max: 600 });
    await page.keyboard.press("Enter");
    await page.waitForURL(/[?&]page=2$/);
    await settle(page);
    await page.waitForFunction(() => document.querySelector(".pagination a[aria-current]")?.textContent.trim() === "2", null, { polling: 100, timeout: 5000 }).catch(() => {});
    assert.equal((await page.locator(".pagination a[aria-current]").textContent()).trim(), "2");
    const firstOnPage2 = (await page.locator(".practice-list h3 a").first().textContent()).trim();
    assert.notEqual(firstOnPage2, firstOnPage1, "another page of results");
    assert.match(await page.locator("#results-page").textContent(), /Page 2 of \d+/);
    assert.match(await page.title(), /Practices/);
    if (js) {
      assert.equal(await page.evaluate(() => window.__sameDocument), true, "page 2 loaded in place");
      // The focus goes to the top of the new page of results, visibly.
      const f = await focusInfo(page);
      assert.equal(f.id, "results-page", `focus on the new page, not ${f.html}`);
      assert.ok(f.visible, "focus visible on the page heading");
      // Back and forward follow the pages.
      await page.goBack();
      await page.waitForURL((u) => !u.search.includes("page=2"));
      await page.waitForFunction((t) => document.querySelector(".practice-list h3 a")?.textContent.trim() === t, firstOnPage1, { timeout: 5000 });
      await page.goForward();
      await page.waitForURL(/[?&]page=2$/);
      await page.waitForFunction((t) => document.querySelector(".practice-list h3 a")?.textContent.trim() === t, firstOnPage2, { timeout: 5000 });
    }
    await axe(page, "page 2 of the results");
    await ctx.close();
  });

  test(`the sort shows best match once words are typed ${mode}`, async () => {
    const ctx = await context(js);
    const page = await ctx.newPage();
    await page.goto("/fr/practices");
    assert.equal(await page.locator("#f-sort option:checked").textContent(), "Les plus récentes");
    await page.locator("#f-q").focus();
    await page.keyboard.type("diabète");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=diab%C3%A8te/);
    await settle(page);
    await page.waitForFunction(() => /diabète/.test(document.querySelector("#result-count")?.textContent ?? ""), null, { polling: 100, timeout: 5000 }).catch(() => {});
    assert.equal(await page.locator("#f-sort option:checked").textContent(), "Pertinence");
    assert.doesNotMatch(page.url(), /sort=newest/);
    // Choosing newest on purpose sticks, and the results follow.
    await page.selectOption("#f-sort", { label: "Les plus récentes" });
    if (!js) await page.locator(".search-bar button[type=submit]").press("Enter");
    await page.waitForURL(/sort=newest/);
    await settle(page);
    assert.equal(await page.locator("#f-sort option:checked").textContent(), "Les plus récentes");
    await ctx.close();
  });
}

test("a form whose session changed meanwhile gets a page to reload it, not JSON", async () => {
  const ctx = await context(false);
  const page = await ctx.newPage();
  const signIn = async (p) => {
    await p.goto("/de/sign-in");
    await p.fill("#email", "reviewer@example.org");
    await p.fill("#password", "reviewer password 1");
    await p.locator("form.stack button[type=submit]").press("Enter");
    await p.waitForURL(/\/de\/account$/);
  };
  await signIn(page);
  // Another tab signs out and in again: the account page's forms now carry an old token.
  const other = await ctx.newPage();
  await other.goto("/de/account");
  await other.locator(".account-nav form button").press("Enter");
  await other.waitForURL(/\/de\/$/);
  await signIn(other);
  const res = page.waitForResponse((r) => r.request().method() === "POST");
  await page.locator(".account-nav form button").press("Enter");
  const answer = await res;
  assert.equal(answer.status(), 403);
  assert.match(answer.headers()["content-type"], /^text\/html/);
  await page.waitForLoadState("load");
  assert.equal((await page.locator("h1").textContent()).trim(), "Dieses Formular ist abgelaufen");
  await axe(page, "expired form");
  // The offered link reloads the page the form was on, with a fresh token; the sign-out then works.
  await page.locator("main a.button").press("Enter");
  await page.waitForURL(/\/de\/account$/);
  await page.locator(".account-nav form button").press("Enter");
  await page.waitForURL(/\/de\/$/);
  assert.match(await page.locator(".account-nav").textContent(), /Anmelden/);
  await ctx.close();
});
