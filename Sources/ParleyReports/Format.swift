import Foundation

/// Numbers, durations and times written the same whatever the locale.
public enum Format {
    /// 4210 → "4,210".
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// 7_080_000 ms → "1h 58m"; under an hour → "42m"; under ten minutes with its seconds, "3m 59s" or
    /// "40s" (a short session read "0m" or a minute short).
    public static func duration(_ milliseconds: Int) -> String {
        let minutes = milliseconds / 60_000, seconds = milliseconds / 1000 % 60
        if minutes >= 60 { return "\(minutes / 60)h \(String(format: "%02d", minutes % 60))m" }
        if minutes >= 10 { return "\(minutes)m" }
        return minutes > 0 ? "\(minutes)m \(String(format: "%02d", seconds))s" : "\(seconds)s"
    }

    /// "2025-03-04T10:02:03.123Z" → "2025-03-04 10:02".
    public static func shortTime(_ at: String) -> String {
        guard at.count >= 16 else { return at }
        return String(at.prefix(10)) + " " + String(at.dropFirst(11).prefix(5))
    }
}

/// Byte order of UTF-8 (= code point order): how SQLite's BINARY collation sorts text, so rows sorted
/// here come out as the SQLite store always listed them, whichever backend fetched them.
func codePointLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
