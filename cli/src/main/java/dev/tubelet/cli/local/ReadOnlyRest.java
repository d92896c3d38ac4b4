package dev.tubelet.cli.local;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.io.network.netty.InboundChannelHandlerFactory;
import org.apache.flink.shaded.netty4.io.netty.buffer.Unpooled;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelFutureListener;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandler;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.DefaultFullHttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.FullHttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderNames;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpRequest;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpVersion;
import org.apache.flink.shaded.netty4.io.netty.util.ReferenceCountUtil;

/**
 * A local run's REST API answers what the dashboard reads and refuses what would control the job:
 * every request but GET and HEAD gets 403 (cancel, stop, savepoint, rescale, cluster shutdown, jar
 * upload), and so do the legacy GET cancel endpoints ({@code /jobs/ID/yarn-cancel}, {@code
 * yarn-stop}); with {@code --web-cancel} ({@code web.cancel.enable}) cancel and stop are let
 * through. Flink registers its cancel handler whatever {@code web.cancel.enable} says (the option
 * only hides the dashboard's button), so the refusal sits in the REST server's own pipeline, where
 * Flink lets a plugin add a handler ({@link InboundChannelHandlerFactory}, found by the service
 * loader): nothing reaches the handlers behind it, from any address. It applies only where
 * {@link #READ_ONLY} is set ({@link Dashboard}); the command's own stop (Ctrl-C) talks to the
 * MiniCluster directly, not through the REST API.
 */
public final class ReadOnlyRest implements InboundChannelHandlerFactory {
    /** Set by {@link Dashboard}: refuse control requests. */
    public static final ConfigOption<Boolean> READ_ONLY = ConfigOptions.key("tubelet.dashboard.read-only")
            .booleanType()
            .defaultValue(false)
            .withDescription("Tubelet's local runs: the REST API answers reads only.");

    private static final Pattern JOB = Pattern.compile("^/(v1/)?jobs/[0-9a-fA-F]{32}/?$");
    private static final Pattern STOP = Pattern.compile("^/(v1/)?jobs/[0-9a-fA-F]{32}/stop/?$");
    private static final Pattern LEGACY_CANCEL = Pattern.compile("^/(v1/)?jobs/[0-9a-fA-F]{32}/yarn-(cancel|stop)/?$");

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<ChannelHandler> createHandler(Configuration configuration, Map<String, String> responseHeaders) {
        if (!configuration.get(READ_ONLY)) {
            return Optional.empty();
        }
        return Optional.of(new Filter(configuration.get(WebOptions.CANCEL_ENABLE)));
    }

    /**
     * @param method the request's method
     * @param uri its path and query
     * @param cancelAllowed whether {@code --web-cancel} was given
     * @return why it is refused, or null to let it through
     */
    static String refusal(String method, String uri, boolean cancelAllowed) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        boolean legacy = LEGACY_CANCEL.matcher(path).matches();
        if ((method.equals("GET") || method.equals("HEAD")) && !legacy) {
            return null;
        }
        boolean cancel = legacy
                || (method.equals("PATCH") && JOB.matcher(path).matches())
                || (method.equals("POST") && STOP.matcher(path).matches());
        if (cancel && cancelAllowed) {
            return null;
        }
        return cancel
                ? "this local run does not take cancel or stop requests through its REST API: stop it with Ctrl-C, "
                        + "or start it with --web-cancel"
                : "this local run's REST API is read-only (the dashboard): " + method + " " + path + " is refused";
    }

    /** Answers refused requests with 403 and a Flink-style error body; lets the rest through. */
    @ChannelHandler.Sharable
    static final class Filter extends ChannelInboundHandlerAdapter {
        private final boolean cancelAllowed;

        Filter(boolean cancelAllowed) {
            this.cancelAllowed = cancelAllowed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                String why = refusal(request.method().name(), request.uri(), cancelAllowed);
                if (why != null) {
                    ReferenceCountUtil.release(msg);
                    byte[] body =
                            ("{\"errors\":[\"" + why.replace("\"", "'") + "\"]}").getBytes(StandardCharsets.UTF_8);
                    FullHttpResponse response = new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN, Unpooled.wrappedBuffer(body));
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8");
                    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    // the connection closes after a refusal: say so, or a client may send its next request on it
                    response.headers().set(HttpHeaderNames.CONNECTION, "close");
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
