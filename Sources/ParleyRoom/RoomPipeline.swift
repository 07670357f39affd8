import NIOCore
import NIOExtras

/// The handlers every room connection runs, server or client: a 4-byte length before each frame
/// (at most one message's worth buffered, so a hostile length cannot make us allocate), then the
/// sealed channel.
public enum RoomPipeline {
    public static func handlers(role: SecureChannel.Role, key: RoomKey) -> [ChannelHandler] {
        [
            ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .fourBytes),
                                 maximumBufferSize: RoomMessage.maximumBytes + 64),
            LengthFieldPrepender(lengthFieldBitLength: .fourBytes),
            SecureChannelHandler(role: role, key: key),
        ]
    }
}
