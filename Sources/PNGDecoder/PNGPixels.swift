import TerminalGraphics

/// Turns inflated PNG rows into RGBA: undoes each row's filter in place, then expands the row's
/// pixel format (grey, palette, 1–16 bits, alpha, tRNS) into 8-bit RGBA at its place in the image.
struct PNGPixels {
    let header: PNGHeader
    let palette: [UInt8]
    let transparency: [UInt8]?

    /// `rows` (the inflated data) is unfiltered in place.
    func decode(_ rows: inout [UInt8]) throws -> RGBAImage {
        let width = header.width
        // Every pixel is written below (the Adam7 passes cover the image), so the buffer starts uninitialised.
        var failure: PNGDecoder.Problem?
        let pixels = [UInt8](unsafeUninitializedCapacity: width * header.height * 4) { output, initialized in
            initialized = width * header.height * 4
            let zero = [UInt8](repeating: 0, count: header.rowBytes(width))
            rows.withUnsafeMutableBufferPointer { raw in
                zero.withUnsafeBufferPointer { zero in
                    var offset = 0
                    for pass in header.passes {
                        let size = header.passSize(pass)
                        guard size.width > 0 else { continue }
                        let rowBytes = header.rowBytes(size.width)
                        var prior = zero.baseAddress!
                        for r in 0..<size.height {
                            let row = raw.baseAddress! + offset + 1
                            guard Self.unfilter(row, prior: prior, count: rowBytes, bpp: header.bytesPerPixel, filter: raw[offset]) else {
                                failure = PNGDecoder.Problem(text: "damaged PNG: unknown filter type \(raw[offset]) in row \(r + 1)")
                                return
                            }
                            let y = pass.y + r * pass.dy
                            expand(UnsafePointer(row), count: size.width,
                                   into: output.baseAddress! + (y * width + pass.x) * 4, step: pass.dx * 4)
                            prior = UnsafePointer(row)
                            offset += 1 + rowBytes
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
        return RGBAImage(width: width, height: header.height, pixels: pixels)
    }

    /// Undoes one row's filter (PNG spec §9). Returns false for an unknown filter type.
    static func unfilter(_ row: UnsafeMutablePointer<UInt8>, prior: UnsafePointer<UInt8>, count: Int, bpp: Int, filter: UInt8) -> Bool {
        switch filter {
        case 0:
            break
        case 1: // Sub
            var i = bpp
            while i < count { row[i] &+= row[i - bpp]; i += 1 }
        case 2: // Up: no dependency between bytes, so sixteen at a time.
            let raw = UnsafeMutableRawPointer(row), above = UnsafeRawPointer(prior)
            var i = 0
            while i + 16 <= count {
                let sum = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) &+ above.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                raw.storeBytes(of: sum, toByteOffset: i, as: SIMD16<UInt8>.self)
                i += 16
            }
            while i < count { row[i] &+= prior[i]; i += 1 }
        case 3: // Average
            for i in 0..<min(bpp, count) { row[i] &+= prior[i] >> 1 }
            var i = bpp
            while i < count { row[i] &+= UInt8((UInt16(row[i - bpp]) + UInt16(prior[i])) >> 1); i += 1 }
        case 4: // Paeth
            for i in 0..<min(bpp, count) { row[i] &+= prior[i] }
            var i = bpp
            while i < count {
                let a = Int(row[i - bpp]), b = Int(prior[i]), c = Int(prior[i - bpp])
                let pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c)
                row[i] &+= UInt8(truncatingIfNeeded: pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
                i += 1
            }
        default:
            return false
        }
        return true
    }

    /// Writes `count` pixels of an unfiltered row as RGBA, `step` bytes apart (4, or more for an Adam7 pass).
    func expand(_ row: UnsafePointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>, step: Int) {
        let depth = header.bitDepth
        switch (header.colorType, depth) {
        case (6, 8) where step == 4:
            out.update(from: row, count: count * 4)
        case (2, 8) where transparency == nil:
            for i in 0..<count {
                let o = out + i * step, s = row + i * 3
                o[0] = s[0]; o[1] = s[1]; o[2] = s[2]; o[3] = 255
            }
        case (3, _):
            let entries = palette.count / 3
            for i in 0..<count {
                let index = Int(lowBits(row, i, depth: depth))
                let o = out + i * step
                if index < entries {
                    o[0] = palette[index * 3]; o[1] = palette[index * 3 + 1]; o[2] = palette[index * 3 + 2]
                    o[3] = transparency.flatMap { index < $0.count ? $0[index] : nil } ?? 255
                } else {
                    // An index past the palette is an encoder's bug; show black rather than refuse the image.
                    o[0] = 0; o[1] = 0; o[2] = 0; o[3] = 255
                }
            }
        default:
            expandSamples(row, count: count, into: out, step: step)
        }
    }

    /// The general case: grey, grey+alpha, RGB and RGBA at 1–16 bits, with tRNS for grey and RGB.
    private func expandSamples(_ row: UnsafePointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>, step: Int) {
        let depth = header.bitDepth, channels = header.channels
        let maximum = (1 << depth) - 1
        // tRNS for grey and RGB holds 16-bit sample values at the image's own depth.
        let key: [Int]? = transparency.flatMap { t in
            let n = header.colorType == 0 ? 1 : header.colorType == 2 ? 3 : 0
            guard n > 0, t.count >= n * 2 else { return nil }
            return (0..<n).map { Int(t[$0 * 2]) << 8 | Int(t[$0 * 2 + 1]) }
        }
        var raw = [0, 0, 0, 0]
        for i in 0..<count {
            for c in 0..<channels {
                switch depth {
                case 16: raw[c] = Int(row[(i * channels + c) * 2]) << 8 | Int(row[(i * channels + c) * 2 + 1])
                case 8: raw[c] = Int(row[i * channels + c])
                default: raw[c] = Int(lowBits(row, i, depth: depth))
                }
            }
            // Same rounding as libpng's 16-to-8 scaling, so both decoders agree to the byte.
            func eight(_ value: Int) -> UInt8 { UInt8(depth == 8 ? value : (value * 255 + maximum / 2) / maximum) }
            let o = out + i * step
            switch header.colorType {
            case 0, 4:
                let grey = eight(raw[0])
                o[0] = grey; o[1] = grey; o[2] = grey
                o[3] = header.colorType == 4 ? eight(raw[1]) : key?[0] == raw[0] ? 0 : 255
            default:
                o[0] = eight(raw[0]); o[1] = eight(raw[1]); o[2] = eight(raw[2])
                if channels == 4 { o[3] = eight(raw[3]) } else { o[3] = key.map { $0[0] == raw[0] && $0[1] == raw[1] && $0[2] == raw[2] } == true ? 0 : 255 }
            }
        }
    }

    /// Sample `i` of a row packed at 1, 2, 4 or 8 bits, most significant bits first.
    private func lowBits(_ row: UnsafePointer<UInt8>, _ i: Int, depth: Int) -> UInt8 {
        if depth == 8 { return row[i] }
        let bit = i * depth
        return (row[bit >> 3] >> UInt8(8 - depth - (bit & 7))) & UInt8((1 << depth) - 1)
    }
}
