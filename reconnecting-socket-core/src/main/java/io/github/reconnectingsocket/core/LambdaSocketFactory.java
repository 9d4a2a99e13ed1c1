package io.github.reconnectingsocket.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The factory behind the builder's lambdas: {@code create} (the npm original's options
 * object) or {@code connect} (an asynchronous client), plus {@code destroy} and the
 * optional hooks.
 *
 * @param <S> the socket type
 */
class LambdaSocketFactory<S> implements SocketFactory<S> {

	private final SocketFactory.@Nullable Create<S> create;

	private final SocketFactory.Destroy<S> destroy;

	private final SocketFactory.OnOpen<S> open;

	private final Consumer<S> close;

	private final Consumer<@Nullable Throwable> fail;

	LambdaSocketFactory(SocketFactory.@Nullable Create<S> create, SocketFactory.Destroy<S> destroy,
			SocketFactory.OnOpen<S> open, Consumer<S> close, Consumer<@Nullable Throwable> fail) {
		this.create = create;
		this.destroy = destroy;
		this.open = open;
		this.close = close;
		this.fail = fail;
	}

	@Override
	public S create(SocketHandle handle, boolean firstOpen) throws Exception {
		if (this.create == null) {
			throw new UnsupportedOperationException("This factory opens its sockets through connect()");
		}
		return this.create.create(handle, firstOpen);
	}

	@Override
	public void destroy(S socket) throws Exception {
		this.destroy.destroy(socket);
	}

	@Override
	public void onOpen(S socket, boolean firstOpen) {
		this.open.onOpen(socket, firstOpen);
	}

	@Override
	public void onClose(S socket) {
		this.close.accept(socket);
	}

	@Override
	public void onFail(@Nullable Throwable lastError) {
		this.fail.accept(lastError);
	}

	/** The asynchronous form: {@code connect} instead of {@code create}. */
	static final class Async<S> extends LambdaSocketFactory<S> implements AsyncSocketFactory<S> {

		private final AsyncSocketFactory.Connect<S> connect;

		Async(AsyncSocketFactory.Connect<S> connect, SocketFactory.Destroy<S> destroy, SocketFactory.OnOpen<S> open,
				Consumer<S> close, Consumer<@Nullable Throwable> fail) {
			super(null, destroy, open, close, fail);
			this.connect = connect;
		}

		@Override
		public CompletionStage<S> connect(SocketHandle handle, boolean firstOpen) throws Exception {
			return this.connect.connect(handle, firstOpen);
		}

		@Override
		public S create(SocketHandle handle, boolean firstOpen) {
			return AsyncSocketFactory.super.create(handle, firstOpen);
		}

	}

}
