/// Scales images for the terminal: to half-block cells (two pixels per cell) or to the cells a picture the terminal
/// draws itself covers, area-averaged so a phone screenshot scales down cleanly. TerminalUI draws the cells.
public enum ImageCells {
    /// The largest size in cells that fits `bounds` with the image's aspect ratio (cells are two pixels tall).
    public static func fittedSize(image: RGBAImage, in bounds: Size) -> Size {
        guard image.width > 0, image.height > 0, bounds.width > 0, bounds.height > 0 else { return Size(width: 0, height: 0) }
        let scale = min(Double(bounds.width) / Double(image.width), Double(bounds.height * 2) / Double(image.height))
        let width = max(1, min(bounds.width, Int((Double(image.width) * scale).rounded())))
        let height = max(1, min(bounds.height, Int((Double(image.height) * scale / 2).rounded())))
        return Size(width: width, height: height)
    }

    /// The largest size in cells that fits `bounds` with the image's aspect ratio, for a picture the
    /// terminal scales itself (cells are `cell` pixels).
    public static func fittedSize(image: RGBAImage, in bounds: Size, cell: Size) -> Size {
        guard image.width > 0, image.height > 0, bounds.width > 0, bounds.height > 0, cell.width > 0, cell.height > 0 else { return Size(width: 0, height: 0) }
        let scale = min(Double(bounds.width * cell.width) / Double(image.width), Double(bounds.height * cell.height) / Double(image.height))
        return Size(width: max(1, min(bounds.width, Int((Double(image.width) * scale / Double(cell.width)).rounded()))),
                    height: max(1, min(bounds.height, Int((Double(image.height) * scale / Double(cell.height)).rounded()))))
    }

    /// Area-average resampling onto a white background (alpha composited), to `width`×`height` pixels,
    /// as RGB bytes. Large reductions sample a grid of at most 4×4 source pixels per pixel: the look is
    /// the same, the cost bounded.
    public static func downsample(_ image: RGBAImage, width: Int, height: Int) -> [UInt8] {
        var result = [UInt8](repeating: 255, count: width * height * 3)
        guard width > 0, height > 0, image.width > 0, image.height > 0 else { return result }
        // Per column: first source column, step and number of samples (at most 4×4 per pixel … up to 7 when the
        // range is under 8 wide).
        var columnStart = [Int](repeating: 0, count: width)
        var columnStep = [Int](repeating: 1, count: width)
        var columnSamples = [Int](repeating: 1, count: width)
        for x in 0..<width {
            let x0 = x * image.width / width, x1 = max(x0 + 1, (x + 1) * image.width / width)
            let stepX = max(1, (x1 - x0) / 4)
            columnStart[x] = x0; columnStep[x] = stepX; columnSamples[x] = (x1 - x0 + stepX - 1) / stepX
        }
        // ⌊v / n⌋ as (v · ⌈2³²/n⌉) >> 32: exact for v < 2¹⁶ and n ≤ 64 (v ≤ 255 · 7 · 7 here).
        let reciprocal: [UInt64] = (0...64).map { $0 == 0 ? 0 : ((UInt64(1) << 32) + UInt64($0) - 1) / UInt64($0) }
        image.pixels.withUnsafeBufferPointer { pixels in
            result.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let y0 = y * image.height / height, y1 = max(y0 + 1, (y + 1) * image.height / height)
                    let stepY = max(1, (y1 - y0) / 4)
                    let rowSamples = (y1 - y0 + stepY - 1) / stepY
                    for x in 0..<width {
                        let x0 = columnStart[x], stepX = columnStep[x], samplesX = columnSamples[x]
                        var r = 0, g = 0, b = 0
                        var sy = y0
                        for _ in 0..<rowSamples {
                            var i = (sy * image.width + x0) * 4
                            for _ in 0..<samplesX {
                                let a = Int(pixels[i + 3])
                                if a == 255 {
                                    r += Int(pixels[i]); g += Int(pixels[i + 1]); b += Int(pixels[i + 2])
                                } else {
                                    r += (Int(pixels[i]) * a + 255 * (255 - a)) / 255
                                    g += (Int(pixels[i + 1]) * a + 255 * (255 - a)) / 255
                                    b += (Int(pixels[i + 2]) * a + 255 * (255 - a)) / 255
                                }
                                i += stepX * 4
                            }
                            sy += stepY
                        }
                        let m = reciprocal[rowSamples * samplesX]
                        let o = (y * width + x) * 3
                        out[o] = UInt8(truncatingIfNeeded: (UInt64(r) &* m) >> 32)
                        out[o + 1] = UInt8(truncatingIfNeeded: (UInt64(g) &* m) >> 32)
                        out[o + 2] = UInt8(truncatingIfNeeded: (UInt64(b) &* m) >> 32)
                    }
                }
            }
        }
        return result
    }
}
