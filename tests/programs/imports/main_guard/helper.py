run_count = 1
if __name__ == "__main__":
    print("never")
else:
    print("imported as", __name__)
