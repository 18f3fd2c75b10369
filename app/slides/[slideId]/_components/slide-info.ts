/** What the server page tells the client map about a slide (sizes in µm, counts of objects). */
export interface SlideInfo {
  readonly slideId: string;
  readonly widthUm: number;
  readonly heightUm: number;
  /** Tissue map grid, null when the slide has none. */
  readonly tissue: { readonly cellUm: number; readonly width: number; readonly height: number } | null;
  readonly counts: { readonly nuclei: number; readonly glands: number; readonly lumina: number };
}
