/// Formats elapsed time as the capture screen's clocks and comment rows show it: 12:34, 1:02:03.
public enum ElapsedTime {
    public static func format(milliseconds: Int) -> String {
        let seconds = max(0, milliseconds / 1000)
        let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60)
        return h > 0 ? "\(h):\(pad(m)):\(pad(s))" : "\(pad(m)):\(pad(s))"
    }
    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
