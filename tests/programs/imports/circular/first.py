value = "first"
import second
