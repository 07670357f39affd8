/// DEC sixel graphics: a DCS string the terminal paints into the cells under the cursor.
public enum Sixel {
    /// Encodes `image` scaled (area-averaged, via ImageCells.downsample) to exactly `width`×`height` pixels as a complete
    /// DCS sixel sequence: `ESC P 0;1;0 q "1;1;W;H`, colour registers `#n;2;r;g;b` (r,g,b in percent 0–100),
    /// bands of six rows with `#n` colour selection, run-length `!count<char>` for runs ≥ 4, `$` carriage return, `-` next band, `ESC \`.
    /// Transparent pixels are composited on white. Returns no bytes when either size (of the image or the target) is 0.
    ///
    /// Colours are counted after rounding to sixel's percent steps (101 per channel), since that is all a register holds.
    /// At most 256 colour registers: when the scaled image has ≤ 256 distinct colours they are used exactly. Otherwise —
    /// which area-averaged downscaling causes easily, as anti-aliased text edges blend into many in-between colours —
    /// the palette is the points of a 6×6×6 cube (0, 20, …, 100 %) that some colour is nearest to, and every register
    /// the cube leaves free goes to the most frequent other colours, kept exactly; each colour maps to its nearest
    /// register (Euclidean, in percent). Why not a bare 6×7×6 cube: a screenshot's large flat areas — backgrounds, bars,
    /// text — would shift visibly (iOS's #F2F2F7 grey would become white); the frequent colours keep them exact, and
    /// the blended edge pixels, where an error shows least, take the cube. Why not median cut: it gives no bound on the
    /// error of a rare colour (a small red badge can be averaged away into a box of pinks) and is slower. With the cube
    /// points available the error is bounded: at most 10 % per channel to the nearest cube point, so ≤ 10·√3 % (≈ 44 of
    /// 255) Euclidean, plus the percent rounding. Its weak spot is photographs: smooth shading bands (mean error
    /// measured ≈ 13–15 of 255 on a photo, under 2 on UI screenshots). No dithering: it would break up the runs and
    /// roughen text edges.
    public static func encode(_ image: RGBAImage, width: Int, height: Int) -> [UInt8] {
        guard width > 0, height > 0, image.width > 0, image.height > 0 else { return [] }
        let palette = SixelPalette(rgb: ImageCells.downsample(image, width: width, height: height))
        var out = [UInt8]()
        out.reserveCapacity(64 + palette.registers.count * 18 + width * height / 3)
        out.append(contentsOf: [escape, UInt8(ascii: "P")])
        out.append(contentsOf: "0;1;0q\"1;1;".utf8)
        appendDecimal(width, to: &out)
        out.append(UInt8(ascii: ";"))
        appendDecimal(height, to: &out)
        for (n, colour) in palette.registers.enumerated() {
            out.append(UInt8(ascii: "#"))
            appendDecimal(n, to: &out)
            out.append(contentsOf: ";2;".utf8)
            appendDecimal(Int(colour.r), to: &out)
            out.append(UInt8(ascii: ";"))
            appendDecimal(Int(colour.g), to: &out)
            out.append(UInt8(ascii: ";"))
            appendDecimal(Int(colour.b), to: &out)
        }
        encodeBands(palette.pixelRegisters, registerCount: palette.registers.count, width: width, height: height, into: &out)
        out.append(contentsOf: stringTerminator)
        return out
    }

    /// Writes the bands of six rows. For each band: one pass over its pixels ORs each pixel's row bit into that colour's
    /// bit row (only the colours present get touched) and tracks each colour's first and last column; then each present
    /// colour's row is run-length encoded from 0 to its last column (the columns before the first are one run of `?`)
    /// and cleared behind itself, so the buffer is all zero again for the next band.
    static func encodeBands(_ registersOfPixels: [UInt8], registerCount: Int, width: Int, height: Int, into out: inout [UInt8]) {
        var bits = [UInt8](repeating: 0, count: max(1, registerCount) * width)
        var firstX = [Int](repeating: 0, count: 256)
        var lastX = [Int](repeating: 0, count: 256)
        var seenInBand = [Int](repeating: -1, count: 256)
        var present = [Int]()
        present.reserveCapacity(256)
        let bandCount = (height + 5) / 6
        registersOfPixels.withUnsafeBufferPointer { registers in
            bits.withUnsafeMutableBufferPointer { bits in
                for band in 0..<bandCount {
                    present.removeAll(keepingCapacity: true)
                    let top = band * 6
                    for row in 0..<min(6, height - top) {
                        let bit = UInt8(1) << UInt8(row)
                        let base = (top + row) * width
                        for x in 0..<width {
                            let c = Int(registers[base + x])
                            if seenInBand[c] != band {
                                seenInBand[c] = band
                                present.append(c)
                                firstX[c] = x
                                lastX[c] = x
                            } else {
                                if x < firstX[c] { firstX[c] = x }
                                if x > lastX[c] { lastX[c] = x }
                            }
                            bits[c * width + x] |= bit
                        }
                    }
                    for (k, c) in present.enumerated() {
                        out.append(UInt8(ascii: "#"))
                        appendDecimal(c, to: &out)
                        let first = firstX[c], last = lastX[c], rowBase = c * width
                        if first > 0 { appendRun(63, count: first, to: &out) }
                        var x = first
                        while x <= last {
                            let mask = bits[rowBase + x]
                            var end = x + 1
                            while end <= last && bits[rowBase + end] == mask { end += 1 }
                            appendRun(63 + mask, count: end - x, to: &out)
                            for i in x..<end { bits[rowBase + i] = 0 }
                            x = end
                        }
                        if k < present.count - 1 {
                            out.append(UInt8(ascii: "$"))
                        } else if band < bandCount - 1 {
                            out.append(UInt8(ascii: "-"))
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    static func appendRun(_ character: UInt8, count: Int, to out: inout [UInt8]) {
        if count >= 4 {
            out.append(UInt8(ascii: "!"))
            appendDecimal(count, to: &out)
            out.append(character)
        } else {
            for _ in 0..<count { out.append(character) }
        }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(48 + value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 { buffer[count] = UInt8(48 + v % 10); v /= 10; count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }
}

/// The colour registers of a sixel image (in percent, as sixel defines them) and each pixel's register.
struct SixelPalette {
    typealias Percent = (r: UInt8, g: UInt8, b: UInt8)

    static let maximumRegisters = 256
    /// Cube levels per channel in the reduced palette: 0, 20, 40, 60, 80, 100 %.
    static let cubeLevels = 6
    static let cubeStep = 100 / (cubeLevels - 1)

    /// 0–255 to the nearest percent.
    static let percentOf: [UInt8] = (0...255).map { UInt8(($0 * 100 + 127) / 255) }

    var registers: [Percent]
    var pixelRegisters: [UInt8]
    /// Whether there were more than 256 colours and the palette had to be reduced.
    var reduced: Bool

    /// `rgb`: three bytes per pixel.
    init(rgb: [UInt8]) {
        let pixelCount = rgb.count / 3
        // Pass 1: each pixel's distinct colour (keyed r<<16 | g<<8 | b in percent) and how often each colour occurs.
        // A photograph has a distinct colour for every few pixels, an app screenshot a few hundred in all.
        var table = ColourTable(expected: min(pixelCount / 4, 1 << 18))
        var colourOfPixel = [Int32](repeating: 0, count: pixelCount)
        SixelPalette.percentOf.withUnsafeBufferPointer { percent in
            rgb.withUnsafeBufferPointer { rgb in
                colourOfPixel.withUnsafeMutableBufferPointer { colourOfPixel in
                    // Runs of one colour are common: the table is only asked when the colour changes.
                    var lastKey = UInt32.max, lastIndex: Int32 = 0, run: Int32 = 0
                    for p in 0..<pixelCount {
                        let key = UInt32(percent[Int(rgb[3 * p])]) << 16 | UInt32(percent[Int(rgb[3 * p + 1])]) << 8
                            | UInt32(percent[Int(rgb[3 * p + 2])])
                        if key != lastKey {
                            if run > 0 { table.counts[Int(lastIndex)] += run }
                            lastKey = key
                            lastIndex = table.index(of: key)
                            run = 0
                        }
                        run += 1
                        colourOfPixel[p] = lastIndex
                    }
                    if run > 0 { table.counts[Int(lastIndex)] += run }
                }
            }
        }
        let colours = table.keys
        // Pass 2: a register for each distinct colour (≤ 256), or the nearest register of the reduced palette.
        var registerOfColour: [Int32]
        var candidates: [UInt32]
        if colours.count <= SixelPalette.maximumRegisters {
            reduced = false
            candidates = colours
            registerOfColour = (0..<colours.count).map { Int32($0) }
        } else {
            reduced = true
            // The cube points some colour is nearest to; every other register goes to the most frequent colours.
            var cubeUsed = [Bool](repeating: false, count: SixelPalette.cubeLevels * SixelPalette.cubeLevels * SixelPalette.cubeLevels)
            for key in colours { cubeUsed[SixelPalette.cubeCell(key)] = true }
            let cubeCount = cubeUsed.reduce(0) { $0 + ($1 ? 1 : 0) }
            let popular = SixelPalette.popular(colours, counts: table.counts, limit: SixelPalette.maximumRegisters - cubeCount)
            candidates = popular
            let step = SixelPalette.cubeStep
            for r in 0..<SixelPalette.cubeLevels {
                for g in 0..<SixelPalette.cubeLevels {
                    for b in 0..<SixelPalette.cubeLevels {
                        candidates.append(UInt32(r * step) << 16 | UInt32(g * step) << 8 | UInt32(b * step))
                    }
                }
            }
            registerOfColour = SixelPalette.nearest(colours, popular: popular)
        }
        // Keep only the registers some pixel uses, numbered in order of first use: at most the used cube points plus
        // the popular colours, so at most 256.
        var renumber = [Int](repeating: -1, count: candidates.count)
        var used = [Percent]()
        used.reserveCapacity(SixelPalette.maximumRegisters)
        var pixelRegisters = [UInt8](repeating: 0, count: pixelCount)
        registerOfColour.withUnsafeBufferPointer { registerOfColour in
            colourOfPixel.withUnsafeBufferPointer { colourOfPixel in
                pixelRegisters.withUnsafeMutableBufferPointer { pixelRegisters in
                    var lastColour: Int32 = -1, lastRegister: UInt8 = 0
                    for p in 0..<colourOfPixel.count {
                        let colour = colourOfPixel[p]
                        if colour != lastColour {
                            lastColour = colour
                            let candidate = Int(registerOfColour[Int(colour)])
                            if renumber[candidate] < 0 {
                                renumber[candidate] = used.count
                                let key = candidates[candidate]
                                used.append((UInt8(key >> 16), UInt8(key >> 8 & 0xFF), UInt8(key & 0xFF)))
                            }
                            lastRegister = UInt8(renumber[candidate])
                        }
                        pixelRegisters[p] = lastRegister
                    }
                }
            }
        }
        precondition(used.count <= SixelPalette.maximumRegisters)
        self.registers = used
        self.pixelRegisters = pixelRegisters
    }

    /// The cube point nearest to a colour, per channel: `(r·6 + g)·6 + b` with each in 0..<6.
    @inline(__always)
    static func cubeCell(_ key: UInt32) -> Int {
        let half = UInt32(cubeStep / 2), step = UInt32(cubeStep), levels = cubeLevels
        let r = Int(((key >> 16) + half) / step), g = Int(((key >> 8 & 0xFF) + half) / step), b = Int(((key & 0xFF) + half) / step)
        return (r * levels + g) * levels + b
    }

    /// The `limit` most frequent colours that are not cube points (those the cube holds exactly anyway), most frequent
    /// first; ties go to the smaller key, so the result does not depend on pixel order. A min-heap of the best so far.
    static func popular(_ colours: [UInt32], counts: [Int32], limit: Int) -> [UInt32] {
        guard limit > 0 else { return [] }
        let step = UInt32(cubeStep)
        // (count, key) packed so that a larger value is more popular: count high, inverted key low.
        var heap: [UInt64] = []
        heap.reserveCapacity(limit)
        for (i, key) in colours.enumerated() {
            if (key >> 16) % step == 0 && (key >> 8 & 0xFF) % step == 0 && (key & 0xFF) % step == 0 { continue }
            let rank = UInt64(counts[i]) << 32 | UInt64(~key)
            if heap.count < limit {
                heap.append(rank)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard heap[parent] > heap[child] else { break }
                    heap.swapAt(parent, child); child = parent
                }
            } else if rank > heap[0] {
                heap[0] = rank
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < heap.count && heap[left] < heap[smallest] { smallest = left }
                    if right < heap.count && heap[right] < heap[smallest] { smallest = right }
                    if smallest == parent { break }
                    heap.swapAt(parent, smallest); parent = smallest
                }
            }
        }
        return heap.sorted(by: >).map { ~UInt32(truncatingIfNeeded: $0) }
    }

    /// For each colour, the index of its nearest candidate (Euclidean, in percent): the popular colours are indices
    /// 0..<popular.count, the cube point of cell k is popular.count + k. The nearest cube point comes from rounding
    /// each channel. The popular colours (up to 256, so up to 256 comparisons for each of perhaps 100 000 colours of a
    /// photograph) are compared 16 at a time in Int16 lanes (components ≤ 100, so a squared distance ≤ 30 000 fits),
    /// first for the smallest distance, then, only if it beats the cube point, for the first index with it.
    /// Ties go to the cube point, then to the lower index.
    static func nearest(_ colours: [UInt32], popular: [UInt32]) -> [Int32] {
        typealias Lanes = SIMD16<Int16>
        let levels = cubeLevels, step = Int32(cubeStep)
        // The popular colours in blocks of 16, the last one padded with copies of the first (which, lower in index,
        // is always found before its copies).
        let blockCount = (popular.count + Lanes.scalarCount - 1) / Lanes.scalarCount
        var blockR = [Lanes](repeating: .zero, count: blockCount)
        var blockG = blockR, blockB = blockR
        for k in 0..<(blockCount * Lanes.scalarCount) {
            let key = popular[k < popular.count ? k : 0]
            blockR[k / Lanes.scalarCount][k % Lanes.scalarCount] = Int16(key >> 16)
            blockG[k / Lanes.scalarCount][k % Lanes.scalarCount] = Int16(key >> 8 & 0xFF)
            blockB[k / Lanes.scalarCount][k % Lanes.scalarCount] = Int16(key & 0xFF)
        }
        let cubeOffset = Int32(popular.count)
        var result = [Int32](repeating: 0, count: colours.count)
        blockR.withUnsafeBufferPointer { blockR in
            blockG.withUnsafeBufferPointer { blockG in
                blockB.withUnsafeBufferPointer { blockB in
                    result.withUnsafeMutableBufferPointer { result in
                        for (n, key) in colours.enumerated() {
                            let r = Int32(key >> 16), g = Int32(key >> 8 & 0xFF), b = Int32(key & 0xFF)
                            let cell = cubeCell(key)
                            let cb = Int32(cell % levels), cg = Int32(cell / levels % levels), cr = Int32(cell / (levels * levels))
                            let dr = r &- cr &* step, dg = g &- cg &* step, db = b &- cb &* step
                            let cubeDistance = dr &* dr &+ dg &* dg &+ db &* db
                            result[n] = cubeOffset + Int32(cell)
                            guard cubeDistance > 0, blockCount > 0 else { continue }
                            let vr = Lanes(repeating: Int16(r)), vg = Lanes(repeating: Int16(g)), vb = Lanes(repeating: Int16(b))
                            @inline(__always) func distances(_ k: Int) -> Lanes {
                                let er = vr &- blockR[k], eg = vg &- blockG[k], eb = vb &- blockB[k]
                                return er &* er &+ eg &* eg &+ eb &* eb
                            }
                            var smallest = Lanes(repeating: .max)
                            for k in 0..<blockCount {
                                let d = distances(k)
                                smallest.replace(with: d, where: d .< smallest)
                            }
                            var minimum = smallest[0]
                            for lane in 1..<Lanes.scalarCount where smallest[lane] < minimum { minimum = smallest[lane] }
                            guard Int32(minimum) < cubeDistance else { continue }
                            let target = Lanes(repeating: minimum)
                            for k in 0..<blockCount {
                                let equal = distances(k) .== target
                                guard any(equal) else { continue }
                                for lane in 0..<Lanes.scalarCount where equal[lane] {
                                    result[n] = Int32(k * Lanes.scalarCount + lane)
                                    break
                                }
                                break
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

/// Open-addressing hash table (linear probing) from a 24-bit colour key to a dense index, with a count per colour.
/// Key and index share one UInt64 slot, so a probe touches one cache line.
struct ColourTable {
    private static let empty = UInt64.max
    private var slots: [UInt64]
    private var shift: UInt32
    var keys: [UInt32] = []
    var counts: [Int32] = []

    /// `expected`: roughly how many colours there may be, to size the table once instead of growing it.
    init(expected: Int = 512) {
        var bits: UInt32 = 10
        while bits < 22 && (1 << bits) < expected * 2 { bits += 1 }
        slots = [UInt64](repeating: ColourTable.empty, count: 1 << bits)
        shift = 32 - bits
    }

    /// The key's index, adding it if new.
    mutating func index(of key: UInt32) -> Int32 {
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int((key &* 0x9E37_79B1) >> shift)
            while true {
                let entry = slots[slot]
                if entry == ColourTable.empty { return nil }
                if UInt32(truncatingIfNeeded: entry >> 32) == key { return Int32(truncatingIfNeeded: entry) }
                slot = (slot + 1) & mask
            }
        }
        if let found { return found }
        let index = Int32(keys.count)
        insert(UInt64(key) << 32 | UInt64(index))
        keys.append(key)
        counts.append(0)
        if keys.count * 2 > slots.count { grow() }
        return index
    }

    private mutating func insert(_ entry: UInt64) {
        let key = UInt32(truncatingIfNeeded: entry >> 32)
        let mask = slots.count - 1
        var slot = Int((key &* 0x9E37_79B1) >> shift)
        while slots[slot] != ColourTable.empty { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: ColourTable.empty, count: old.count * 2)
        shift -= 1
        for entry in old where entry != ColourTable.empty { insert(entry) }
    }
}
