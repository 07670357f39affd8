/// The HTML report's style sheet, inline so the page stays one self-contained file.
enum ReportStyle {
    /// Print: tables shrink to the page instead of being cut (no scroll box, small type, long words
    /// broken), wide grids turn their column headers on end; charts shrink to one page and stay whole,
    /// headings and notes stay with what follows. Very wide tables come in column parts (ReportHTML).
    static let css = """
    body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
    h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; } h3 { font-size: 1rem; }
    p.sub { color: #555; margin: .1rem 0; }
    nav ul { columns: 2; padding-left: 1.2rem; }
    table { border-collapse: collapse; margin: .8rem 0 1.4rem; font-size: .9rem; }
    caption { text-align: start; font-weight: 600; padding: .2rem 0; }
    th, td { border: 1px solid #d0d0d0; padding: .25rem .5rem; text-align: start; vertical-align: top; }
    thead th { background: #f2f2f5; }
    tbody th { font-weight: normal; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .matrix td.n { min-width: 2rem; }
    .empty { color: #666; font-style: italic; }
    .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    figure { margin: .6rem 0 1rem; } figcaption { font-size: .85rem; color: #444; }
    figure svg { display: block; width: 100%; height: auto; }
    svg text { font-family: inherit; font-size: 12px; fill: #1d1d1f; }
    .scroll { overflow-x: auto; }
    @media print {
      @page { margin: 12mm; }
      body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
      h2, h3, section > p { break-after: avoid; }
      figure, tr { break-inside: avoid; }
      figure svg { max-height: 200mm; }
      .scroll { overflow: visible; }
      table { font-size: 7.5pt; }
      th, td { padding: 1pt 3pt; overflow-wrap: break-word; }
      .matrix thead th { vertical-align: bottom; }
      .matrix thead th span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
      .matrix td.n { min-width: 0; }
    }

    """
}
