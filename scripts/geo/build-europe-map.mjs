// Builds crates/web/assets/geo/europe.json: SVG paths of the 53 countries of the
// WHO European Region (and their neighbours, as context), projected once here so
// the server only writes them into pages.
//
// Source: npm world-atlas 2.0.2, Natural Earth 1:50m admin-0 countries (public domain).
// Projection: Albers equal-area conic (standard parallels 40°N and 65°N, central
// meridian 35°E), clipped to 25°W–95°E, 30°N–82°N (Europe with the Caucasus and Central Asia).
//
// Usage: cd scripts/geo && npm ci && node build-europe-map.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const topo = JSON.parse(
  readFileSync(join(here, "node_modules/world-atlas/countries-50m.json"), "utf8"),
);
const reference = JSON.parse(
  readFileSync(join(root, "data/reference/reference.json"), "utf8"),
);
const members = new Map(reference.countries.map((c) => [c.numeric, c.iso2]));

// ------------------------------------------------------------ TopoJSON decoding
const { scale, translate } = topo.transform;
const arcs = topo.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
  });
});
function ring(indexes) {
  const out = [];
  for (const i of indexes) {
    const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    out.push(...(out.length ? a.slice(1) : a));
  }
  return out;
}
function polygons(geom) {
  if (geom.type === "Polygon") return [geom.arcs.map(ring)];
  if (geom.type === "MultiPolygon") return geom.arcs.map((p) => p.map(ring));
  return [];
}

// ------------------------------------------------------------ clipping (lon/lat window)
const WINDOW = { west: -25, east: 95, south: 30, north: 82 };
function clipEdge(points, inside, cross) {
  const out = [];
  for (let i = 0; i < points.length; i++) {
    const cur = points[i];
    const prev = points[(i + points.length - 1) % points.length];
    if (inside(cur)) {
      if (!inside(prev)) out.push(cross(prev, cur));
      out.push(cur);
    } else if (inside(prev)) {
      out.push(cross(prev, cur));
    }
  }
  return out;
}
const atX = (x) => (a, b) => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const atY = (y) => (a, b) => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
// Rings crossing the antimeridian jump from +180 to -180: make them continuous first.
function unwrap(points) {
  let shift = 0;
  return points.map((q, i) => {
    if (i > 0) {
      const d = q[0] + shift - (points[i - 1][0] + shiftAt[i - 1]);
      if (d > 180) shift -= 360;
      else if (d < -180) shift += 360;
    }
    shiftAt[i] = shift;
    return [q[0] + shift, q[1]];
  });
}
const shiftAt = [];
function clip(points) {
  let p = unwrap(points);
  p = clipEdge(p, (q) => q[0] >= WINDOW.west, atX(WINDOW.west));
  p = clipEdge(p, (q) => q[0] <= WINDOW.east, atX(WINDOW.east));
  p = clipEdge(p, (q) => q[1] >= WINDOW.south, atY(WINDOW.south));
  p = clipEdge(p, (q) => q[1] <= WINDOW.north, atY(WINDOW.north));
  return p;
}

// Edges longer than one degree (those the clip made along the window) get
// intermediate points, so they follow the projection's curves.
function densify(points) {
  const out = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    const b = points[(i + 1) % points.length];
    out.push(a);
    const steps = Math.floor(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1])));
    for (let s = 1; s < steps; s++) {
      out.push([a[0] + ((b[0] - a[0]) * s) / steps, a[1] + ((b[1] - a[1]) * s) / steps]);
    }
  }
  return out;
}

// ------------------------------------------------------------ Albers equal-area conic
const rad = Math.PI / 180;
const phi1 = 40 * rad;
const phi2 = 65 * rad;
const phi0 = 52 * rad;
const lambda0 = 35 * rad;
const n = (Math.sin(phi1) + Math.sin(phi2)) / 2;
const C = Math.cos(phi1) ** 2 + 2 * n * Math.sin(phi1);
const rho0 = Math.sqrt(C - 2 * n * Math.sin(phi0)) / n;
function project([lon, lat]) {
  const rho = Math.sqrt(C - 2 * n * Math.sin(lat * rad)) / n;
  const theta = n * (lon * rad - lambda0);
  return [rho * Math.sin(theta), -(rho0 - rho * Math.cos(theta))];
}

// ------------------------------------------------------------ build
const shapes = [];
for (const g of topo.objects.countries.geometries) {
  const rings = [];
  for (const poly of polygons(g)) {
    for (const r of poly) {
      const c = clip(r);
      if (c.length >= 3) rings.push(densify(c).map(project));
    }
  }
  if (rings.length) shapes.push({ numeric: g.id, iso2: members.get(g.id) ?? null, rings });
}

// Fit the members into a 1000-unit-wide box with a small margin.
let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
for (const s of shapes.filter((s) => s.iso2)) {
  for (const r of s.rings) {
    for (const [x, y] of r) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
}
const WIDTH = 1000;
const k = WIDTH / (maxX - minX);
const HEIGHT = Math.round((maxY - minY) * k);
const fit = ([x, y]) => [(x - minX) * k, (y - minY) * k];

function area(r) {
  let a = 0;
  for (let i = 0; i < r.length; i++) {
    const [x1, y1] = r[i];
    const [x2, y2] = r[(i + 1) % r.length];
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a / 2);
}

// Relative SVG path, rounded to 0.1 unit, dropping points closer than 1.5 unit.
function path(rings) {
  const parts = [];
  for (const raw of rings) {
    const r = raw.map(fit);
    if (area(r) < 0.5) continue;
    const kept = [r[0]];
    for (const p of r.slice(1)) {
      const q = kept[kept.length - 1];
      if (Math.hypot(p[0] - q[0], p[1] - q[1]) >= 1.5) kept.push(p);
    }
    if (kept.length < 3) continue;
    const round = (v) => Math.round(v * 10) / 10;
    let [px, py] = [round(kept[0][0]), round(kept[0][1])];
    let d = `M${px} ${py}`;
    for (const p of kept.slice(1)) {
      const [x, y] = [round(p[0]), round(p[1])];
      const dx = round(x - px);
      const dy = round(y - py);
      if (dx === 0 && dy === 0) continue;
      d += `l${dx} ${dy}`.replace(/ -/g, "-");
      [px, py] = [x, y];
    }
    parts.push(d + "z");
  }
  return parts.join("");
}

function centroid(rings) {
  // Centre of the largest ring's bounding box: good enough for a marker.
  const r = rings.map((r) => r.map(fit)).sort((a, b) => area(b) - area(a))[0];
  const xs = r.map((p) => p[0]);
  const ys = r.map((p) => p[1]);
  return [
    Math.round(((Math.min(...xs) + Math.max(...xs)) / 2) * 10) / 10,
    Math.round(((Math.min(...ys) + Math.max(...ys)) / 2) * 10) / 10,
  ];
}

const countries = {};
const context = [];
for (const s of shapes) {
  const d = path(s.rings);
  const total = s.rings.reduce((a, r) => a + area(r.map(fit)), 0);
  if (s.iso2) {
    // Countries too small to see get a marker as well.
    countries[s.iso2] = { d, ...(total < 12 ? { marker: centroid(s.rings) } : {}) };
  } else if (d) {
    context.push(d);
  }
}
const missing = [...members.values()].filter((iso2) => !countries[iso2]);
if (missing.length) throw new Error(`no shape for ${missing.join(", ")}`);

const out = {
  source: "Natural Earth 1:50m admin-0 countries via world-atlas 2.0.2 (public domain)",
  projection: "Albers equal-area conic, parallels 40N/65N, centre 52N 35E",
  width: WIDTH,
  height: HEIGHT,
  countries: Object.fromEntries(Object.entries(countries).sort()),
  context: context.join(""),
};
const target = join(root, "crates/web/assets/geo/europe.json");
writeFileSync(target, JSON.stringify(out) + "\n");
console.log(
  `wrote ${target}: ${Object.keys(countries).length} countries, ${WIDTH}x${HEIGHT}, ${
    JSON.stringify(out).length
  } bytes`,
);
