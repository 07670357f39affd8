/// Maps 24-bit colours onto the palettes terminals actually have.
public enum ColorApproximation {
    /// The nearest entry of the xterm 256-colour palette (6×6×6 cube or grey ramp).
    public static func indexed(r: UInt8, g: UInt8, b: UInt8) -> UInt8 {
        func cubeLevel(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let (cr, cg, cb) = (cubeLevel(r), cubeLevel(g), cubeLevel(b))
        let levels = [0, 95, 135, 175, 215, 255]
        let cubeColor = (levels[cr], levels[cg], levels[cb])
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grey = 8 + greyIndex * 10
        func distance(_ c: (Int, Int, Int)) -> Int {
            let dr = c.0 - Int(r), dg = c.1 - Int(g), db = c.2 - Int(b)
            return dr * dr + dg * dg + db * db
        }
        if distance((grey, grey, grey)) < distance(cubeColor) { return UInt8(232 + greyIndex) }
        return UInt8(16 + 36 * cr + 6 * cg + cb)
    }

    /// The nearest of the eight basic colours for a 256-palette index.
    public static func basic(forIndexed index: UInt8) -> UInt8 {
        if index < 8 { return index }
        if index < 16 { return index - 8 }
        let (r, g, b): (Int, Int, Int)
        if index >= 232 {
            let level = 8 + Int(index - 232) * 10
            (r, g, b) = (level, level, level)
        } else {
            let n = Int(index) - 16
            let levels = [0, 95, 135, 175, 215, 255]
            (r, g, b) = (levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
        }
        return UInt8((r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0))
    }
}
