package io.github.reconnectingsocket.backoff;

import java.util.function.DoubleSupplier;

/** Hands out the given numbers in order, and fails the test when asked for one more. */
final class ScriptedRandom implements DoubleSupplier {

	private final double[] values;

	private int drawn;

	private ScriptedRandom(double... values) {
		this.values = values;
	}

	static ScriptedRandom of(double... values) {
		return new ScriptedRandom(values);
	}

	/**
	 * @return a random that must never be drawn from
	 */
	static ScriptedRandom none() {
		return new ScriptedRandom();
	}

	@Override
	public double getAsDouble() {
		if (this.drawn == this.values.length) {
			throw new AssertionError("drew " + (this.drawn + 1) + " random numbers, scripted " + this.values.length);
		}
		return this.values[this.drawn++];
	}

	int drawn() {
		return this.drawn;
	}

}
