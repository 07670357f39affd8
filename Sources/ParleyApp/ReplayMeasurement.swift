import Foundation
import ParleyCore
import TerminalUI

/// How fast replay opens, seeks and plays a session: the numbers docs/replay.md reports.
public enum ReplayMeasurement {
    /// The lines `parley replay --measure` prints: the numbers docs/replay.md reports (use a release build).
    public static func run(read: () throws -> (events: [Event], issues: [String]), checkpointInterval: Int?) throws -> [String] {
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e6 }
        // CPU time of the whole process (all threads): what the wall time would be on idle cores, summed.
        func cpu() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1e6
        }
        let (t0, c0) = (now(), cpu())
        let (events, issues) = try read()
        let (t1, c1) = (now(), cpu())
        let session = try ReplaySession(events: events, issues: issues, checkpointInterval: checkpointInterval)
        let t2 = now()
        var model = ReplayModel(session: session)
        let memo = FrameMemo()
        func frame() { var screen = Screen(width: 160, height: 48); memo.startFrame(); model.draw(into: &screen, memo: memo) }
        frame()
        let t3 = now()
        _ = session.state(afterEvents: session.count)
        let (t4, c4) = (now(), cpu())
        var generator = SystemRandomNumberGenerator()
        var times: [Double] = []
        for _ in 0..<500 {
            let target = Int.random(in: 0...max(0, session.duration), using: &generator)
            let s = now()
            model.seek(to: target)
            // And the next event, as playing on would: that pays for copying the checkpoint.
            model.seek(to: session.times[min(session.count - 1, model.appliedCount)])
            times.append(now() - s)
        }
        times.sort()
        // The slowest kind of seek: from the end back to just before a checkpoint (a copy and the most
        // events to apply), then one step of playing, which pays for copying the checkpoint.
        var worst = 0.0
        for m in stride(from: 2, to: session.count / session.checkpointInterval, by: 1).suffix(5) {
            let k = m * session.checkpointInterval - 2
            model.seek(to: session.duration)
            let s = now()
            model.seek(to: session.times[k])
            model.seek(to: session.times[k + 1])
            worst = max(worst, now() - s)
        }
        var frames: [Double] = []
        model.seek(to: 0)
        for _ in 0..<6 { _ = model.update(.key(.character("+"))) }
        for step in 1...200 {
            let s = now()
            model.seek(to: step * 50 * model.speed)
            frame()
            frames.append(now() - s)
        }
        frames.sort()
        var lines: [String] = []
        lines.append("events \(session.count), writers \(session.writers.count), session \(ReplayClock.format(session.duration)), checkpoints every \(session.checkpointInterval) events")
        lines.append(String(format: "open: read logs %.0f ms + order and index %.0f ms + first frame %.0f ms = %.0f ms; all checkpoints built %.0f ms later",
                     t1 - t0, t2 - t1, t3 - t2, t3 - t0, t4 - t3))
        lines.append(String(format: "CPU time (all cores): reading the logs %.0f ms; everything until the checkpoints were built %.0f ms (%d cores)",
                     c1 - c0, c4 - c0, ProcessInfo.processInfo.activeProcessorCount))
        lines.append(String(format: "seek, 500 random (and one event on): median %.2f ms, 95th %.2f ms, max %.2f ms; end to just before a checkpoint: %.2f ms",
                     times[times.count / 2], times[times.count * 95 / 100], times.last!, worst))
        lines.append(String(format: "playing at 64×, 160×48 frame (advance + draw): median %.2f ms, max %.2f ms", frames[frames.count / 2], frames.last!))
        return lines
    }
}
