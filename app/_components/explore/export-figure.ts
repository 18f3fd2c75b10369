/** Browser-side export of rendered Observable Plot charts as one SVG or PNG file, and of text as a download. */

/** Saves `blob` under `filename` through a temporary link. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One standalone SVG document stacking every chart (`svg.explore-plot`) in `container` top to bottom on white. */
export function combinedSvg(container: HTMLElement): { text: string; width: number; height: number } {
  const charts = [...container.querySelectorAll<SVGSVGElement>('svg.explore-plot')];
  let height = 0;
  let width = 0;
  const parts = charts.map((chart) => {
    const clone = chart.cloneNode(true) as SVGSVGElement;
    const w = Number(chart.getAttribute('width')) || chart.clientWidth;
    const h = Number(chart.getAttribute('height')) || chart.clientHeight;
    clone.setAttribute('y', String(height));
    clone.setAttribute('x', '0');
    height += h;
    width = Math.max(width, w);
    return new XMLSerializer().serializeToString(clone);
  });
  const text =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="system-ui, sans-serif"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
  return { text, width, height };
}

/** Downloads the charts of `container` as SVG. */
export function exportSvg(container: HTMLElement, name: string): void {
  downloadBlob(`${name}.svg`, new Blob([combinedSvg(container).text], { type: 'image/svg+xml' }));
}

/** Downloads the charts of `container` as a PNG at 2× resolution. */
export async function exportPng(container: HTMLElement, name: string): Promise<void> {
  const { text, width, height } = combinedSvg(container);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the chart could not be rasterised'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d');
    if (!context) return;
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) downloadBlob(`${name}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}
