import helper
import os
print(__name__, helper.__name__, os.path.basename(helper.__file__), os.path.basename(__file__))
if __name__ == "__main__":
    print("running as a script")
print(helper.run_count)
import helper
print(helper.run_count)
